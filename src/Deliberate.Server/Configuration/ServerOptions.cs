namespace Deliberate.Server.Configuration;

/// <summary>Everything <c>deliberate serve</c> can be told: where to listen, what to serve, who may call.</summary>
public sealed class ServerOptions
{
    /// <summary>The default listen address of <c>deliberate serve</c>.</summary>
    public const string DefaultListenAddress = "http://127.0.0.1:8080";

    public string Listen { get; set; } = DefaultListenAddress;

    /// <summary><c>auto</c> (keys required once one exists, always off loopback), <c>on</c> or <c>off</c>.</summary>
    public AuthMode Auth { get; set; } = AuthMode.Auto;

    /// <summary>Where the server keeps its state (the SQLite database, uploaded files); null picks <see cref="DataDirectory.Default"/>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// A PostgreSQL connection string (<c>Host=…;Database=…;Username=…;Password=…</c> or <c>postgres://…</c>) to keep
    /// keys, file records and batches in; null keeps them in SQLite, <c>deliberate.db</c> in the data directory.
    /// Uploaded files' bytes stay in the data directory either way.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>Largest uploaded file in bytes (bigger gets 413 while it streams in); OpenAI's limit, 512 MiB, by default.</summary>
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Return <c>reasoning_content</c> even when a request does not ask with <c>include_reasoning</c>.</summary>
    public bool IncludeReasoning { get; set; }

    /// <summary>Largest request body in bytes (bigger gets 413).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Requests that may wait for a free sequence, per model, before the server answers 503.</summary>
    public int MaxQueuedRequests { get; set; } = 64;

    /// <summary>
    /// Sequences generated at once per model (a request's n choices count n; they decode together in one batch per
    /// token); also the largest n a request may ask for.
    /// </summary>
    public int MaxActiveSequences { get; set; } = 8;

    /// <summary>
    /// Sequences per model that batch work never takes, so an interactive request is admitted at the next step even
    /// while a batch fills the model (capped at <see cref="MaxActiveSequences"/> − 1).
    /// </summary>
    public int ReservedInteractiveSequences { get; set; } = 1;

    /// <summary>Batch sequences per model admitted while interactive sequences run (running ones finish).</summary>
    public int MaxBatchSequencesBesideInteractive { get; set; } = int.MaxValue;

    /// <summary>Most requests (lines) one batch's input file may hold (OpenAI's limit is 50,000).</summary>
    public int MaxBatchRequests { get; set; } = 50_000;

    /// <summary>Most choices (<c>n</c>) a batch request may have: batch work runs only in the unreserved sequences.</summary>
    public int MaxBatchChoices => Math.Min(
        Math.Max(1, MaxActiveSequences - Math.Clamp(ReservedInteractiveSequences, 0, MaxActiveSequences - 1)),
        Math.Max(1, MaxBatchSequencesBesideInteractive));

    /// <summary>Compute threads of the engine; 0 lets it choose.</summary>
    public int Threads { get; set; }

    /// <summary>One GGUF to serve under the o3-mini names instead of <see cref="Models"/> (the <c>--model</c> shortcut).</summary>
    public string? Model { get; set; }

    public List<ModelOptions> Models { get; set; } = [];

    /// <summary>The moderation classifier (GGUF) behind <c>/v1/moderations</c>; null finds <c>models/deliberate-moderation.gguf</c>.</summary>
    public string? ModerationModel { get; set; }

    /// <summary>Score each chat request's newest user turn; flagged input is refused without generating.</summary>
    public bool ModerateInput { get; set; }

    /// <summary>Score each answer as it is generated; a flagged answer is withheld from the flagged sentence on.</summary>
    public bool ModerateOutput { get; set; }

    /// <summary>The least severe log level written (the framework's own categories stay at warning unless this is lower).</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    public LogFormat LogFormat { get; set; } = LogFormat.Text;

    /// <summary>Where traces and metrics go over OTLP; null falls back to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, and neither exports nothing.</summary>
    public string? OtlpEndpoint { get; set; }
}

/// <summary>How log lines are written to the console.</summary>
public enum LogFormat
{
    /// <summary>One readable line per entry.</summary>
    Text,

    /// <summary>One JSON object per line, its fields as properties (for log collectors).</summary>
    Json,
}

/// <summary>Whether requests must carry an API key.</summary>
public enum AuthMode
{
    Auto,
    On,
    Off,
}
