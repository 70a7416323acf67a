namespace Deliberate.Cli.Tests;

/// <summary>The arguments and exit codes of <c>chat</c> (its output format belongs to the generation path).</summary>
public sealed class ChatCommandTests
{
    [Fact]
    public async Task AnEmptyLineEndsTheSessionWithExitZero()
    {
        var result = await CliRunner.RunAsync(["chat", "-m", RepositoryPaths.ShippedNano, "-n", "4", "--temp", "0", "-t", "1"], stdin: "What is 1 + 1?\n\n");

        CliAssert.Succeeded(result);
    }

    [Fact]
    public async Task EndOfInputEndsTheSessionWithExitZero()
    {
        var result = await CliRunner.RunAsync(["chat", "-m", RepositoryPaths.ShippedNano, "-t", "1"], stdin: "");

        CliAssert.Succeeded(result);
    }

    [Theory]
    [InlineData("--tokens", "0")]
    [InlineData("--temp", "9")]
    public async Task AnOutOfRangeValueIsAnErrorNamingTheOption(string option, string value)
    {
        var result = await CliRunner.RunAsync(["chat", "-m", RepositoryPaths.ShippedNano, option, value], stdin: "");

        CliAssert.Rejected(result, option, value);
    }

    [Fact]
    public async Task AMissingModelFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync(["chat", "-m", temp.File("absent.gguf")], stdin: "");

        CliAssert.Rejected(result, "deliberate chat", temp.File("absent.gguf"));
    }
}
