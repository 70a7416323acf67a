namespace Deliberate.Cli.Tests;

public sealed class HelpTests
{
    private static readonly string[] Verbs =
        ["version", "inspect", "synth", "convert", "quantize", "eval", "generate", "chat", "bench", "bench-serve", "serve", "keys"];

    [Fact]
    public async Task HelpListsEveryVerbAndExitsZero()
    {
        var result = await CliRunner.RunAsync("--help");

        CliAssert.Succeeded(result);
        foreach (var verb in Verbs)
        {
            Assert.Contains($"  {verb} ", result.StdOut, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("version")]
    [InlineData("inspect")]
    [InlineData("synth")]
    [InlineData("convert")]
    [InlineData("quantize")]
    [InlineData("eval")]
    [InlineData("generate")]
    [InlineData("chat")]
    [InlineData("bench")]
    [InlineData("bench-serve")]
    [InlineData("serve")]
    [InlineData("keys")]
    [InlineData("keys create")]
    [InlineData("keys list")]
    [InlineData("keys revoke")]
    public async Task EveryVerbsHelpShowsItsUsageAndExitsZero(string verb)
    {
        var result = await CliRunner.RunAsync([.. verb.Split(' '), "--help"]);

        CliAssert.Succeeded(result);
        Assert.Contains($"deliberate {verb}", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Options:", result.StdOut, StringComparison.Ordinal);
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public async Task AnUnknownVerbIsAnErrorNamingIt()
    {
        var result = await CliRunner.RunAsync("frobnicate");

        CliAssert.Rejected(result, "frobnicate");
    }

    [Fact]
    public async Task AVerbWithoutItsSubcommandIsAnError()
    {
        var result = await CliRunner.RunAsync("keys");

        CliAssert.Rejected(result, "Required command was not provided");
    }
}
