using System.Text.Json;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Synthesis;

namespace Deliberate.Cli.Tests;

/// <summary><c>inspect</c> shows the thinking budgets a file carries, as text and as JSON, and says when it carries none.</summary>
public sealed class InspectBudgetsTests
{
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
