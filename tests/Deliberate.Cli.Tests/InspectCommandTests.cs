using System.Text.Json;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Synthesis;

namespace Deliberate.Cli.Tests;

/// <summary><c>inspect</c>: what a file holds, the thinking budgets it carries among it, and the errors of its arguments.</summary>
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

    [Fact]
    public async Task TheShippedModelsBudgetsAreShownAsTheFileStatesThem()
    {
        using var file = GgufFile.Open(RepositoryPaths.ShippedNano);
        var stated = EffortBudgets.FromMetadata(file.Metadata);
        Assert.False(stated.IsEmpty);

        var text = await CliRunner.RunAsync("inspect", RepositoryPaths.ShippedNano);
        var json = await CliRunner.RunAsync("inspect", RepositoryPaths.ShippedNano, "--json");

        Assert.Equal((0, 0), (text.ExitCode, json.ExitCode));
        Assert.Contains($"thinking budgets: low {stated.Low}, medium {stated.Medium}, high {stated.High}\n", text.StdOut, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.StdOut);
        var budgets = document.RootElement.GetProperty("thinking_budgets");
        Assert.Equal([stated.Low, stated.Medium, stated.High], Efforts.All.Select(e => (int?)budgets.GetProperty(e.Name()).GetInt32()));
    }

    [Fact]
    public async Task AFileWithPartialOrNoBudgetsSaysWhatServingFallsBackTo()
    {
        var partial = Path.Combine(Path.GetTempPath(), $"deliberate-inspect-{Guid.NewGuid():N}.gguf");
        var none = Path.Combine(Path.GetTempPath(), $"deliberate-inspect-{Guid.NewGuid():N}.gguf");
        try
        {
            SyntheticModel.Write(partial, SynthShape.Get("qwen3", "tiny"), "f32", budgets: new EffortBudgets { High = 77 });
            SyntheticModel.Write(none, SynthShape.Get("qwen3", "tiny"), "f32");

            var partialText = (await CliRunner.RunAsync("inspect", partial)).StdOut;
            Assert.Contains("thinking budgets: low -, medium -, high 77 (a level marked - takes the engine defaults: low 256, medium 1024, high 4096)", partialText, StringComparison.Ordinal);
            using var document = JsonDocument.Parse((await CliRunner.RunAsync("inspect", partial, "--json")).StdOut);
            Assert.Equal("""{"high":77}""", JsonSerializer.Serialize(document.RootElement.GetProperty("thinking_budgets")));

            Assert.Contains("thinking budgets: none in the file (engine defaults: low 256, medium 1024, high 4096)", (await CliRunner.RunAsync("inspect", none)).StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(partial);
            File.Delete(none);
        }
    }
}
