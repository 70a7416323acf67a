using System.Text.Json;

namespace Deliberate.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task MeasuresATinySynthModelAndReportsEveryTest()
    {
        using var temp = new TempDirectory();
        var model = temp.File("tiny.gguf");
        CliAssert.Succeeded(await CliRunner.RunAsync("synth", "--arch", "llama", model));

        var result = await CliRunner.RunAsync("bench", "-m", model, "-p", "8", "-n", "4", "-c", "1,2", "-t", "1", "--json");

        CliAssert.Succeeded(result);
        using var report = JsonDocument.Parse(result.StdOut);
        var tests = report.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("test").GetString()).ToList();
        Assert.Equal(["pp8", "tg4", "tg4 x1", "tg4 x2"], tests);
        Assert.All(report.RootElement.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("tokens_per_second").GetDouble() > 0));
    }

    [Theory]
    [InlineData("--concurrency", "1,x")]
    [InlineData("--n-prompt", "0")]
    [InlineData("--kv-type", "q8_0")]
    public async Task AnOutOfRangeOrMalformedValueIsAnErrorNamingIt(string option, string value)
    {
        var result = await CliRunner.RunAsync("bench", "-m", RepositoryPaths.ShippedNano, option, value);

        CliAssert.Rejected(result, value);
    }

    [Fact]
    public async Task AMissingModelFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("bench", "-m", temp.File("absent.gguf"));

        CliAssert.Rejected(result, "deliberate bench", temp.File("absent.gguf"));
    }
}
