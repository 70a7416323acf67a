namespace Deliberate.Server.Telemetry;

/// <summary>
/// Every log line the server writes, with stable event ids (so a log pipeline can select them) and named fields (so
/// the JSON console output carries them as properties). No prompt or completion text is ever logged.
/// </summary>
internal static partial class ServerLog
{
    /// <summary>Category of the per-request lines, so their level can be set apart from the rest.</summary>
    public const string RequestCategory = "Deliberate.Server.Requests";

    [LoggerMessage(EventId = 1, Message = "{Method} {Path} {Status} in {DurationMs} ms ({RequestId})")]
    public static partial void Request(ILogger logger, LogLevel level, string method, string path, int status, double durationMs, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "{Method} {Path} {Status} in {DurationMs} ms ({RequestId}): model {Model}, effort {Effort}, {PromptTokens} prompt tokens ({CachedPromptTokens} cached), {CompletionTokens} completion tokens ({ReasoningTokens} reasoning), first token after {TimeToFirstTokenMs} ms")]
    public static partial void ChatRequest(ILogger logger, string method, string path, int status, double durationMs, string requestId, string? model, string? effort,
        int? promptTokens, int? cachedPromptTokens, int? completionTokens, int? reasoningTokens, double? timeToFirstTokenMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "loaded {Model} from {File} ({Bytes} bytes) in {Seconds} s")]
    public static partial void ModelLoaded(ILogger logger, string model, string file, long bytes, double seconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "loading the models failed; /ready stays 503")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "serving {Models} on {Addresses}")]
    public static partial void Serving(ILogger logger, string models, string addresses);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "serving {Addresses} without API keys: auth is off, so every request is accepted")]
    public static partial void ServingWithAuthOff(ILogger logger, string addresses);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "serving {Addresses} without API keys until the first one is created (deliberate keys create); requests that come through a proxy need one already")]
    public static partial void ServingBeforeFirstKey(ILogger logger, string addresses);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "unhandled exception on {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string path);

    /// <summary>A chat input or answer moderation flagged: the categories, never the text.</summary>
    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "moderation flagged a chat {Direction} for {Model}: {Categories}")]
    public static partial void ModerationFlagged(ILogger logger, string direction, string model, string categories);
}
