using Deliberate.Engine.Reasoning;
using Deliberate.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace Deliberate.Server.Tests.Server;

public sealed class ConfigurationTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void FileThenEnvironmentThenFlagsInRisingPrecedence()
    {
        using var file = ConfigFile("""
            { "listen": "http://127.0.0.1:9000", "auth": "on", "threads": 2, // comments are allowed
              "models": [ { "path": "a.gguf", "id": "a", "aliases": ["b"], "thinkingBudgets": { "low": 1, "medium": 2, "high": 3 }, "parameterPolicy": "open" } ] }
            """);
        var env = new Dictionary<string, string> { ["DELIBERATE_LISTEN"] = "http://127.0.0.1:9001", ["DELIBERATE_DATA_DIRECTORY"] = "/tmp/x", ["DELIBERATE_THREADS"] = "3" };
        var options = ServerOptionsLoader.Load(file.Path, [("--threads", "threads", "4")], env);
        Assert.Equal("http://127.0.0.1:9001", options.Listen);
        Assert.Equal(AuthMode.On, options.Auth);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal(4, options.Threads);
        var model = Assert.Single(options.Models);
        Assert.Equal(("a", "b", 3, ParameterPolicy.Open), (model.Id, model.Aliases[0], model.ThinkingBudgets!.For(Effort.High), model.ParameterPolicy));
    }

    [Fact]
    public void EveryNestedSettingHasAnEnvironmentVariable()
    {
        var env = new Dictionary<string, string>
        {
            ["DELIBERATE_MODELS__0__PATH"] = "m.gguf",
            ["DELIBERATE_MODELS__0__CONTEXT_SIZE"] = "2048",
            ["DELIBERATE_MODELS__0__ALIASES__0"] = "o3-mini",
            ["DELIBERATE_MODELS__0__ALIAS_EFFORTS__o3-mini"] = "high",
            ["DELIBERATE_MODELS__0__THINKING_BUDGETS__LOW"] = "7",
            ["DELIBERATE_MODELS__0__KV_CACHE_TYPE"] = "f16",
            ["DELIBERATE_MAX_QUEUED_REQUESTS"] = "5",
            ["DELIBERATE_INCLUDE_REASONING"] = "true",
            ["DELIBERATE_LOG_FORMAT"] = "json",
            ["DELIBERATE_LOG_LEVEL"] = "debug",
            ["DELIBERATE_OTLP_ENDPOINT"] = "http://127.0.0.1:4317",
        };
        var options = ServerOptionsLoader.Load(null, [], env);
        var model = Assert.Single(options.Models);
        Assert.Equal(("m.gguf", "m", 2048, "o3-mini", Effort.High, 7, KvCacheType.F16),
            (model.Path, model.Id, model.ContextSize, model.Aliases.Single(), model.AliasEfforts["o3-mini"], model.ThinkingBudgets!.Low, model.KvCacheType));
        Assert.Equal((5, true, LogFormat.Json, LogLevel.Debug, "http://127.0.0.1:4317"),
            (options.MaxQueuedRequests, options.IncludeReasoning, options.LogFormat, options.LogLevel, options.OtlpEndpoint));
    }

    [Theory]
    [InlineData("listen")]
    [InlineData("models:0:contextSize")]
    [InlineData("maxActiveSequences")]
    public void EnvironmentVariableNamesReadBackAsTheirSetting(string key) =>
        Assert.Equal(key, SettingsSchema.Server.Canonicalize(SettingNames.EnvironmentVariable(key)[SettingNames.EnvironmentPrefix.Length..].Split("__"), out _), ignoreCase: true);

    [Fact]
    public void UnknownKeyInTheFileIsAnErrorNamingTheFileAndTheNearestSetting()
    {
        using var file = ConfigFile("""{ "lisen": "http://127.0.0.1:9000", "models": [ { "path": "a.gguf", "contextsize": 1, "contxtSize": 2 } ] }""");
        var e = Assert.Throws<SettingsException>(() => ServerOptionsLoader.Load(file.Path, [], NoEnvironment));
        Assert.Contains(e.Problems, p => p.Contains("'lisen'", StringComparison.Ordinal) && p.Contains("'listen'", StringComparison.Ordinal) && p.Contains(file.Path, StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'models:0:contxtSize'", StringComparison.Ordinal) && p.Contains("contextSize", StringComparison.Ordinal));
        Assert.Equal(2, e.Problems.Count);
    }

    [Fact]
    public void UnknownEnvironmentVariableIsAnErrorNamingTheVariable()
    {
        var e = Assert.Throws<SettingsException>(() => ServerOptionsLoader.Load(null, [], new Dictionary<string, string> { ["DELIBERATE_AUHT"] = "off", ["DELIBERATE_DATA_DIR"] = "/x" }));
        Assert.Contains(e.Problems, p => p.Contains("DELIBERATE_AUHT", StringComparison.Ordinal) && p.Contains("'auth'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("DELIBERATE_DATA_DIR", StringComparison.Ordinal) && p.Contains("'dataDirectory'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DELIBERATE_THREADS", "many", "threads", "whole number")]
    [InlineData("DELIBERATE_AUTH", "maybe", "auth", "auto, on, off")]
    [InlineData("DELIBERATE_INCLUDE_REASONING", "yes", "includeReasoning", "true or false")]
    [InlineData("DELIBERATE_MODERATE_INPUT", "yes", "moderateInput", "true or false")]
    [InlineData("DELIBERATE_MAX_ACTIVE_SEQUENCES", "0", "maxActiveSequences", "at least 1")]
    [InlineData("DELIBERATE_LISTEN", "localhost:8080", "listen", "http://")]
    [InlineData("DELIBERATE_LOG_LEVEL", "loud", "logLevel", "information")]
    [InlineData("DELIBERATE_MODELS__X__PATH", "a.gguf", "models", "index")]
    public void BadValueIsAnErrorNamingTheSettingAndTheVariable(string variable, string value, string setting, string hint)
    {
        var e = Assert.Throws<SettingsException>(() => ServerOptionsLoader.Load(null, [], new Dictionary<string, string> { [variable] = value }));
        var problem = Assert.Single(e.Problems);
        Assert.Contains($"'{setting}", problem, StringComparison.Ordinal);
        Assert.Contains(variable, problem, StringComparison.Ordinal);
        Assert.Contains(hint, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BadFlagValueNamesTheFlag()
    {
        var e = Assert.Throws<SettingsException>(() => ServerOptionsLoader.Load(null, [("--threads", "threads", "-2")], NoEnvironment));
        Assert.Contains("--threads", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedFileIsAnErrorSayingWhere()
    {
        using var file = ConfigFile("""{ "listen": "http://127.0.0.1:9000", }, """);
        var e = Assert.Throws<SettingsException>(() => ServerOptionsLoader.Load(file.Path, [], NoEnvironment));
        Assert.Contains(file.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheModelShortcutServesOneFileUnderTheO3MiniNames()
    {
        var options = ServerOptionsLoader.Load(null, [("--model", "model", "x.gguf")], new Dictionary<string, string> { ["DELIBERATE_MODELS__0__PATH"] = "y.gguf" });
        var model = Assert.Single(options.Models);
        Assert.Equal(("x.gguf", BuiltinModels.DefaultId), (model.Path, model.Id));
        Assert.Contains("o3-mini", model.Aliases);
    }

    [Fact]
    public void EveryFlagSetsASettingAndNamesItsVariable()
    {
        foreach (var flag in CommandLineSettings.Flags)
        {
            Assert.Equal(flag.Key, SettingsSchema.Server.Canonicalize(flag.Key.Split(':'), out var error));
            Assert.Null(error);
            Assert.Contains(SettingNames.EnvironmentVariable(flag.Key), flag.Help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ModerationIsOffByDefaultAndSetByFileEnvironmentOrFlag()
    {
        var defaults = ServerOptionsLoader.Load(null, [], NoEnvironment);
        Assert.Equal((false, false, null), (defaults.ModerateInput, defaults.ModerateOutput, defaults.ModerationModel));
        using var file = ConfigFile("""{ "moderateInput": true, "moderationModel": "m.gguf" }""");
        var env = new Dictionary<string, string> { ["DELIBERATE_MODERATE_OUTPUT"] = "true", ["DELIBERATE_MODERATION_MODEL"] = "n.gguf" };
        var options = ServerOptionsLoader.Load(file.Path, [], env);
        Assert.Equal((true, true, "n.gguf"), (options.ModerateInput, options.ModerateOutput, options.ModerationModel));
        var flagged = ServerOptionsLoader.Load(null, [("--moderate-input", "moderateInput", "true"), ("--moderation-model", "moderationModel", "o.gguf")], env);
        Assert.Equal((true, true, "o.gguf"), (flagged.ModerateInput, flagged.ModerateOutput, flagged.ModerationModel));
    }

    [Fact]
    public void DefaultsServeTheBuiltinModelUnderO3MiniNames()
    {
        var model = BuiltinModels.Default("models/x.gguf");
        Assert.Contains("o3-mini", model.Aliases);
        Assert.Equal(Effort.High, model.AliasEfforts["o3-mini-high"]);
        Assert.Equal(ParameterPolicy.OpenAIStrict, model.ParameterPolicy);
        var options = ServerOptionsLoader.Load(null, [], NoEnvironment);
        Assert.Equal(("http://127.0.0.1:8080", AuthMode.Auto, LogLevel.Information, LogFormat.Text), (options.Listen, options.Auth, options.LogLevel, options.LogFormat));
        Assert.Empty(options.Models);
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

    private static TemporaryFile ConfigFile(string json) => new(json);

    private sealed class TemporaryFile : IDisposable
    {
        public TemporaryFile(string text) => File.WriteAllText(Path, text);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "deliberate-config-" + Guid.NewGuid().ToString("N")[..8] + ".json");

        public void Dispose() => File.Delete(Path);
    }
}
