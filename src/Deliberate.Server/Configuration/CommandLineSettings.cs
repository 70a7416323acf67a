namespace Deliberate.Server.Configuration;

/// <summary>Settings given as <c>deliberate serve</c> flags (the last source, so they win).</summary>
public sealed class CommandLineSettings(IReadOnlyList<(string Flag, string Key, string Value)> given) : ConfigurationProvider, IConfigurationSource, ISettingSource
{
    /// <summary>Every flag of <c>serve</c> that sets a setting. Switches carry the value they set.</summary>
    public static IReadOnlyList<SettingFlag> Flags { get; } =
    [
        new("--listen", "listen", $"Listen address(es), ';'-separated (default {ServerOptions.DefaultListenAddress})"),
        new("--model", "model", "Serve this GGUF under the o3-mini names instead of the configured models"),
        new("--auth", "auth", "Require an API key even on loopback", SwitchValue: "on"),
        new("--no-auth", "auth", "Serve without API keys (loopback addresses only)", SwitchValue: "off"),
        new("--data-dir", "dataDirectory", "Where the database and uploaded files live (default ~/.local/share/deliberate)"),
        new("--database", "database", "A PostgreSQL connection string to use instead of SQLite in the data directory"),
        new("--max-file-bytes", "maxFileBytes", "Largest uploaded file (bigger gets 413; default 512 MiB)"),
        new("--include-reasoning", "includeReasoning", "Return reasoning_content on every response", SwitchValue: "true"),
        new("--threads", "threads", "Engine compute threads (0: automatic)"),
        new("--moderation-model", "moderationModel", "The moderation classifier GGUF (default models/deliberate-moderation.gguf)"),
        new("--moderate-input", "moderateInput", "Refuse chat requests whose newest user turn the moderation classifier flags", SwitchValue: "true"),
        new("--moderate-output", "moderateOutput", "Withhold chat answers the moderation classifier flags", SwitchValue: "true"),
        new("--max-active-sequences", "maxActiveSequences", "Sequences generated at once, per model (a request's n choices count n)"),
        new("--max-queued-requests", "maxQueuedRequests", "Requests that may wait, per model, before the server answers 503"),
        new("--reserved-interactive-sequences", "reservedInteractiveSequences", "Sequences per model that batch work never takes (default 1)"),
        new("--max-batch-sequences-beside-interactive", "maxBatchSequencesBesideInteractive", "Batch sequences per model admitted while interactive ones run"),
        new("--max-batch-requests", "maxBatchRequests", "Most requests one batch's input file may hold (default 50000)"),
        new("--max-request-body-bytes", "maxRequestBodyBytes", "Largest request body (bigger gets 413)"),
        new("--log-level", "logLevel", "trace, debug, information, warning, error, critical or none (default information)"),
        new("--log-format", "logFormat", "text or json (one JSON object per line)"),
        new("--otlp-endpoint", "otlpEndpoint", "Send traces and metrics over OTLP to this endpoint (also OTEL_EXPORTER_OTLP_ENDPOINT)"),
    ];

    public override void Load()
    {
        foreach (var (_, key, value) in given)
        {
            Data[key] = value;
        }
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public string Describe(string key) => given.LastOrDefault(g => g.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Flag is { } flag ? "flag " + flag : "the command line";
}

/// <summary>A <c>serve</c> flag and the setting it sets; <paramref name="SwitchValue"/> is set for flags that take no value.</summary>
public sealed record SettingFlag(string Flag, string Key, string Description, string? SwitchValue = null)
{
    /// <summary>The help text, naming the environment variable that sets the same thing.</summary>
    public string Help => $"{Description} [env {SettingNames.EnvironmentVariable(Key)}{(SwitchValue is null ? "" : "=" + SwitchValue)}]";
}
