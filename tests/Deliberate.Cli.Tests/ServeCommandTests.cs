namespace Deliberate.Cli.Tests;

/// <summary>What <c>serve</c> refuses before it starts; a running server is tested in Deliberate.Server.Tests.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task AMissingModelFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("serve", "--model", temp.File("absent.gguf"), "--listen", "http://127.0.0.1:0");

        CliAssert.Rejected(result, "deliberate serve", temp.File("absent.gguf"));
    }

    [Fact]
    public async Task AMissingConfigFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("serve", "--config", temp.File("deliberate.json"));

        CliAssert.Rejected(result, temp.File("deliberate.json"));
    }

    [Fact]
    public async Task AnUnknownConfigKeyIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("deliberate.json"), """{"listen": "http://127.0.0.1:0", "maxActiveSequence": 4}""");

        var result = await CliRunner.RunAsync("serve", "--config", temp.File("deliberate.json"));

        CliAssert.Rejected(result, "maxActiveSequence");
    }

    [Fact]
    public async Task NegativeThreadsAreAnErrorNamingTheOption()
    {
        var result = await CliRunner.RunAsync("serve", "--threads", "-2");

        CliAssert.Rejected(result, "--threads");
    }

    [Fact]
    public async Task NoAuthOffLoopbackIsRefusedBeforeListening()
    {
        var result = await CliRunner.RunAsync("serve", "--model", RepositoryPaths.ShippedNano, "--no-auth", "--listen", "http://0.0.0.0:0");

        CliAssert.Rejected(result, "--no-auth", "loopback");
    }
}
