using System.Text.Json;

namespace Deliberate.Cli.Tests;

/// <summary><c>bench-batch</c>: its arguments, and a tiny real run whose report has every figure (the numbers themselves belong to bench/batch.md).</summary>
public sealed class BenchBatchCommandTests
{
    [Theory]
    [InlineData("--effort", "extreme")]
    [InlineData("--requests", "0")]
    [InlineData("--max-batch-sequences-beside-interactive", "0")]
    public async Task AnOutOfRangeOrUnknownValueIsAnErrorNamingIt(string option, string value)
    {
        var result = await CliRunner.RunAsync("bench-batch", "-m", RepositoryPaths.ShippedNano, option, value);

        CliAssert.Rejected(result, value);
    }

    [Fact]
    public async Task AMissingModelFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("bench-batch", "-m", temp.File("absent.gguf"), "-r", "1");

        CliAssert.Rejected(result, "deliberate bench-batch", temp.File("absent.gguf"));
    }

    [Fact]
    public async Task ATinyRunReportsEveryFigure()
    {
        var result = await CliRunner.RunAsync("bench-batch", "-r", "6", "-i", "2", "-n", "4", "--json");

        CliAssert.Succeeded(result);
        using var report = JsonDocument.Parse(result.StdOut);
        var root = report.RootElement;
        Assert.Equal(6, root.GetProperty("batch_requests").GetInt32());
        foreach (var figure in new[] { "batch_requests_per_second", "idle_ttft_p50_ms", "idle_ttft_p99_ms", "beside_batch_ttft_p50_ms", "beside_batch_ttft_p99_ms" })
        {
            Assert.True(root.GetProperty(figure).GetDouble() > 0, figure);
        }

        Assert.Equal(("deliberate-nano.gguf", "none"), (root.GetProperty("model").GetString(), root.GetProperty("max_batch_sequences_beside_interactive").GetString()));
    }
}
