namespace Deliberate.Server.Telemetry;

/// <summary>
/// What one HTTP request's log line says, gathered while it runs: the id and start time from
/// <see cref="RequestTelemetryMiddleware"/>, and for a chat request the model, effort, tokens and first token from
/// <see cref="ChatExchange"/>. Kept in <c>HttpContext.Features</c>.
/// </summary>
public sealed class RequestRecord(string id, long startTimestamp)
{
    /// <summary>The <c>x-request-id</c> the response carries (<c>req_…</c>).</summary>
    public string Id { get; } = id;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the request's arrival.</summary>
    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>The served model's id; null for requests that name none.</summary>
    public string? Model { get; set; }

    public string? Effort { get; set; }

    public int? PromptTokens { get; set; }

    public int? CompletionTokens { get; set; }

    public int? ReasoningTokens { get; set; }

    public int? CachedPromptTokens { get; set; }

    /// <summary>Stopwatch timestamp of the first generated token; null until one was.</summary>
    public long? FirstTokenTimestamp { get; set; }
}
