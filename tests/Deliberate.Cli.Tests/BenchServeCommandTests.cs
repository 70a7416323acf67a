namespace Deliberate.Cli.Tests;

/// <summary>The arguments of <c>bench-serve</c>; a real run takes minutes and belongs to the benchmarks.</summary>
public sealed class BenchServeCommandTests
{
    [Theory]
    [InlineData("--effort", "extreme")]
    [InlineData("--concurrency", "4,x")]
    [InlineData("--requests", "0")]
    public async Task AnOutOfRangeOrUnknownValueIsAnErrorNamingIt(string option, string value)
    {
        var result = await CliRunner.RunAsync("bench-serve", "-m", RepositoryPaths.ShippedNano, option, value);

        CliAssert.Rejected(result, value);
    }

    [Fact]
    public async Task AMissingModelFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("bench-serve", "-m", temp.File("absent.gguf"), "-c", "1", "-r", "1");

        CliAssert.Rejected(result, "deliberate bench-serve", temp.File("absent.gguf"));
    }
}
