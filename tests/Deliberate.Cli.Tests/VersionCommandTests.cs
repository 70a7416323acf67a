namespace Deliberate.Cli.Tests;

public sealed class VersionCommandTests
{
    [Fact]
    public async Task PrintsTheVersionAndTheInstructionSetsTheKernelsCanUse()
    {
        var result = await CliRunner.RunAsync("version");

        CliAssert.Succeeded(result);
        Assert.StartsWith("deliberate ", result.StdOut, StringComparison.Ordinal);
        Assert.Contains($"cores: {Environment.ProcessorCount}", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("avx2: ", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnexpectedArgumentIsAnErrorNamingIt()
    {
        var result = await CliRunner.RunAsync("version", "--verbose");

        CliAssert.Rejected(result, "--verbose");
    }
}
