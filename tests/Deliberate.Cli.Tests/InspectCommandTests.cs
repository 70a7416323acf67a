using System.Text.Json;

namespace Deliberate.Cli.Tests;

public sealed class InspectCommandTests
{
    [Fact]
    public async Task DescribesTheShippedModel()
    {
        var result = await CliRunner.RunAsync("inspect", RepositoryPaths.ShippedNano);

        CliAssert.Succeeded(result);
        Assert.Contains("architecture:  qwen3", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("qwen3.block_count", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("token_embd.weight", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("chat template: present", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonListsTheSameTensorsAsTheFile()
    {
        var result = await CliRunner.RunAsync("inspect", RepositoryPaths.ShippedNano, "--json");

        CliAssert.Succeeded(result);
        using var report = JsonDocument.Parse(result.StdOut);
        var root = report.RootElement;
        Assert.Equal("qwen3", root.GetProperty("architecture").GetString());
        Assert.Equal(new FileInfo(RepositoryPaths.ShippedNano).Length, root.GetProperty("file_bytes").GetInt64());
        var names = root.GetProperty("tensors").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("token_embd.weight", names);
        Assert.Contains("blk.0.attn_q_norm.weight", names);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.True(root.GetProperty("hyperparameters").GetProperty("qwen3.block_count").GetInt32() > 0);
    }

    [Fact]
    public async Task AMissingFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();
        var missing = temp.File("absent.gguf");

        var result = await CliRunner.RunAsync("inspect", missing);

        CliAssert.Rejected(result, "deliberate inspect", missing);
    }

    [Fact]
    public async Task AFileThatIsNotGgufIsAnErrorNamingFileAndProblem()
    {
        using var temp = new TempDirectory();
        var notGguf = temp.File("notes.gguf");
        await File.WriteAllTextAsync(notGguf, "this is text, not a model file\n");

        var result = await CliRunner.RunAsync("inspect", notGguf);

        CliAssert.Rejected(result, notGguf, "not a GGUF file");
    }

    [Fact]
    public async Task TheFileArgumentIsRequired()
    {
        var result = await CliRunner.RunAsync("inspect");

        CliAssert.Rejected(result, "Required argument missing");
    }

    [Fact]
    public async Task AnUnknownOptionIsAnErrorNamingIt()
    {
        var result = await CliRunner.RunAsync("inspect", RepositoryPaths.ShippedNano, "--yaml");

        CliAssert.Rejected(result, "--yaml");
    }
}
