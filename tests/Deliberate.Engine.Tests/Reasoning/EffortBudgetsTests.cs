using Deliberate.Engine.Chat;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Synthesis;

namespace Deliberate.Engine.Tests.Reasoning;

/// <summary>
/// One effort model: the wire names parse to the engine's levels (anything else is an error naming it), and a thinking
/// budget is resolved in one precedence, level by level: request, configuration, model file, engine default.
/// </summary>
public sealed class EffortBudgetsTests
{
    [Theory]
    [InlineData("low", Effort.Low)]
    [InlineData("medium", Effort.Medium)]
    [InlineData("high", Effort.High)]
    public void WireNamesParseToTheirLevelAndBack(string name, Effort effort)
    {
        Assert.Equal(effort, Efforts.Parse(name));
        Assert.Equal(name, effort.Name());
    }

    [Theory]
    [InlineData("extreme")]
    [InlineData("High")]
    [InlineData("")]
    public void AnUnknownEffortIsATypedErrorNamingTheValue(string name)
    {
        var e = Assert.Throws<UnknownEffortException>(() => Efforts.Parse(name));
        Assert.Equal(name, e.Value);
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
        Assert.False(Efforts.TryParse(name, out _));
    }

    [Fact]
    public void EachLevelComesFromTheFirstSourceThatStatesIt()
    {
        var configured = new EffortBudgets { High = 900 };
        var file = new EffortBudgets { Low = 16, High = 640 };

        Assert.Equal(new ResolvedBudget(16, BudgetSource.ModelFile), EffortBudgets.Resolve(Effort.Low, null, configured, file));
        Assert.Equal(new ResolvedBudget(EffortBudgets.EngineDefaults.Medium!.Value, BudgetSource.EngineDefault), EffortBudgets.Resolve(Effort.Medium, null, configured, file));
        Assert.Equal(new ResolvedBudget(900, BudgetSource.Configuration), EffortBudgets.Resolve(Effort.High, null, configured, file));
        Assert.Equal(new ResolvedBudget(3, BudgetSource.Request), EffortBudgets.Resolve(Effort.High, 3, configured, file));
        Assert.Equal(new ResolvedBudget(0, BudgetSource.Request), EffortBudgets.Resolve(Effort.Low, 0, configured, file));
    }

    [Fact]
    public void TheEngineDefaultsStateEveryLevelAndRiseWithEffort()
    {
        var levels = Efforts.All.Select(e => EffortBudgets.EngineDefaults.For(e)).ToList();
        Assert.All(levels, tokens => Assert.NotNull(tokens));
        Assert.True(levels[0] < levels[1] && levels[1] < levels[2], string.Join(", ", levels));
    }

    [Fact]
    public void ANegativeBudgetIsRefusedNamingTheEffortAndItsSource()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EffortBudgets.Resolve(Effort.Medium, null, new EffortBudgets { Medium = -5 }, null));
        Assert.Contains("medium", e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(BudgetSource.Configuration), e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => EffortBudgets.Resolve(Effort.Low, -1, null, null));
    }

    [Fact]
    public void AModelResolvesFromItsConfigurationThenItsFileThenTheDefaults()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deliberate-budgets-{Guid.NewGuid():N}.gguf");
        try
        {
            SyntheticModel.Write(path, SynthShape.Get("qwen3", "tiny"), "f32", budgets: new EffortBudgets { Low = 5, High = 11 });
            using (var file = GgufFile.Open(path))
            {
                Assert.Equal(new EffortBudgets { Low = 5, High = 11 }, EffortBudgets.FromMetadata(file.Metadata));
            }

            using var model = ChatModel.Load(path, new ChatModelOptions { Threads = 1, ContextSize = 64, Budgets = new EffortBudgets { High = 7 } });
            Assert.Equal(new EffortBudgets { Low = 5, High = 11 }, model.FileBudgets);
            Assert.Equal(new ResolvedBudget(5, BudgetSource.ModelFile), model.ResolveThinkingBudget(Effort.Low, null));
            Assert.Equal(BudgetSource.EngineDefault, model.ResolveThinkingBudget(null, null).Source);
            Assert.Equal(new ResolvedBudget(7, BudgetSource.Configuration), model.ResolveThinkingBudget(Effort.High, null));
            Assert.Equal(new ResolvedBudget(2, BudgetSource.Request), model.ResolveThinkingBudget(Effort.High, 2));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AModelConfiguredWithANegativeBudgetFailsToLoad()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deliberate-budgets-{Guid.NewGuid():N}.gguf");
        try
        {
            SyntheticModel.Write(path, SynthShape.Get("qwen3", "tiny"), "f32");
            var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
                ChatModel.Load(path, new ChatModelOptions { Threads = 1, ContextSize = 64, Budgets = new EffortBudgets { Low = -1 } }));
            Assert.Contains("low", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
