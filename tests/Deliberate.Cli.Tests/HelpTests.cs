namespace Deliberate.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public async Task HelpListsEveryVerbAndExitsZero()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "serve", "chat", "generate", "eval", "bench", "inspect", "keys" })
        {
            Assert.Contains(verb, result.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownVerbIsAnErrorNamingIt()
    {
        var result = await CliRunner.RunAsync("frobnicate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("frobnicate", result.StdErr, StringComparison.Ordinal);
    }
}
