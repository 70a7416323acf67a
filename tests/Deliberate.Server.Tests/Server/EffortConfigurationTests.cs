using Deliberate.Engine.Reasoning;
using Deliberate.Server.Configuration;

namespace Deliberate.Server.Tests.Server;

/// <summary>The configuration's efforts and budgets are the engine's types: partial budgets stay partial, typos fail.</summary>
public sealed class EffortConfigurationTests
{
    private static ServerOptions LoadJson(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), "deliberate-effort-config-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, json);
        try
        {
            return ServerOptionsLoader.Load(path, [], new Dictionary<string, string>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AliasEffortsAndPartialBudgetsMapOntoTheEngineTypes()
    {
        var options = LoadJson("""
            { "models": [ { "path": "a.gguf", "id": "a", "aliases": ["a-quick"], "aliasEfforts": { "a-quick": "low" },
                            "thinkingBudgets": { "high": 3000 } } ] }
            """);

        var model = Assert.Single(options.Models);
        Assert.Equal(Effort.Low, model.AliasEfforts["a-quick"]);
        Assert.Equal(new EffortBudgets { High = 3000 }, model.ThinkingBudgets);
        // The levels the configuration leaves out fall through to the file, then the engine's defaults.
        Assert.Equal(new ResolvedBudget(16, BudgetSource.ModelFile), EffortBudgets.Resolve(Effort.Low, null, model.ThinkingBudgets, new EffortBudgets { Low = 16 }));
    }

    [Fact]
    public void AnUnknownAliasEffortIsAnErrorNamingWhere()
    {
        var e = Assert.Throws<SettingsException>(() => LoadJson("""
            { "models": [ { "path": "a.gguf", "id": "a", "aliases": ["b"], "aliasEfforts": { "b": "extreme" } } ] }
            """));
        var problem = Assert.Single(e.Problems);
        Assert.Contains("'models:0:aliasEfforts:b'", problem, StringComparison.Ordinal);
        Assert.Contains("low, medium, high", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ANegativeThinkingBudgetIsAnErrorNamingTheLevel()
    {
        var e = Assert.Throws<SettingsException>(() => LoadJson("""
            { "models": [ { "path": "a.gguf", "thinkingBudgets": { "medium": -1 } } ] }
            """));
        Assert.Contains("'models:0:thinkingBudgets:medium'", Assert.Single(e.Problems), StringComparison.Ordinal);
    }
}
