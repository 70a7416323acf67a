using Deliberate.Server.Configuration;

namespace Deliberate.Server.Tests.Server;

public sealed class ConfigurationTests
{
    [Fact]
    public void FileThenEnvironmentInRisingPrecedence()
    {
        var path = Path.Combine(Path.GetTempPath(), "deliberate-config-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, """
            { "listen": "http://127.0.0.1:9000", "auth": "on", // comments are allowed
              "models": [ { "path": "a.gguf", "id": "a", "aliases": ["b"], "thinkingBudgets": { "low": 1, "medium": 2, "high": 3 }, "parameterPolicy": "open" } ] }
            """);
        try
        {
            var env = new Dictionary<string, string> { ["DELIBERATE_LISTEN"] = "http://127.0.0.1:9001", ["DELIBERATE_DATA_DIR"] = "/tmp/x" };
            var options = ServerOptionsLoader.Load(path, name => env.GetValueOrDefault(name));
            Assert.Equal("http://127.0.0.1:9001", options.Listen);
            Assert.Equal(AuthMode.On, options.Auth);
            Assert.Equal("/tmp/x", options.DataDirectory);
            var model = Assert.Single(options.Models);
            Assert.Equal(("a", "b", 3, ParameterPolicy.Open), (model.Id, model.Aliases[0], model.ThinkingBudgets!.For(ReasoningEffort.High), model.ParameterPolicy));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnknownKeyInTheFileIsAnError()
    {
        var path = Path.Combine(Path.GetTempPath(), "deliberate-config-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, """{ "lisen": "http://127.0.0.1:9000" }""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ServerOptionsLoader.Load(path, _ => null));
            Assert.Contains("lisen", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DefaultsServeTheBuiltinModelUnderO3MiniNames()
    {
        var model = BuiltinModels.Default("models/x.gguf");
        Assert.Contains("o3-mini", model.Aliases);
        Assert.Equal("high", model.AliasEfforts["o3-mini-high"]);
        Assert.Equal(ParameterPolicy.OpenAIStrict, model.ParameterPolicy);
        Assert.Equal("http://127.0.0.1:8080", new ServerOptions().Listen);
        Assert.Equal(AuthMode.Auto, new ServerOptions().Auth);
    }

    [Fact]
    public void ModerationIsOffByDefaultAndSetByFileOrEnvironment()
    {
        Assert.False(new ServerOptions().ModerateInput || new ServerOptions().ModerateOutput);
        var path = Path.Combine(Path.GetTempPath(), "deliberate-config-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, """{ "moderateInput": true, "moderationModel": "m.gguf" }""");
        try
        {
            var env = new Dictionary<string, string> { ["DELIBERATE_MODERATE_OUTPUT"] = "true", ["DELIBERATE_MODERATION_MODEL"] = "n.gguf" };
            var options = ServerOptionsLoader.Load(path, name => env.GetValueOrDefault(name));
            Assert.Equal((true, true, "n.gguf"), (options.ModerateInput, options.ModerateOutput, options.ModerationModel));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ABrokenModerationFileStopsTheStartNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "deliberate-moderation-" + Guid.NewGuid().ToString("N")[..8] + ".gguf");
        File.WriteAllBytes(path, [.. "GGUF"u8, 3, 0, 0, 0, .. new byte[40]]);
        try
        {
            var options = new ServerOptions { ModerationModel = path, ModerateInput = true };
            options.Models.Add(BuiltinModels.Default(RepositoryPaths.ShippedNano));
            var e = Assert.Throws<InvalidDataException>(() => DeliberateServer.Create(options, _ => { }));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
