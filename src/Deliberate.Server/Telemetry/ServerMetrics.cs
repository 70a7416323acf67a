using System.Diagnostics.Metrics;

namespace Deliberate.Server.Telemetry;

/// <summary>
/// The server's instruments, on the <see cref="MeterName"/> meter. OpenTelemetry exports them: as Prometheus text at
/// <c>/metrics</c>, where dots become underscores and the unit and <c>_total</c> are appended (so
/// <c>deliberate.time_to_first_token</c> in seconds is <c>deliberate_time_to_first_token_seconds</c> and the counter
/// <c>deliberate.prompt_tokens</c> is <c>deliberate_prompt_tokens_total</c>, the names the hand-written exposition had),
/// and over OTLP when an endpoint is configured.
/// </summary>
public sealed class ServerMetrics
{
    public const string MeterName = "Deliberate.Server";

    // The buckets the hand-written exposition had: TTFT and inter-token latency from 5 ms to a minute.
    private static readonly IReadOnlyList<double> LatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _promptTokens;
    private readonly Counter<long> _completionTokens;
    private readonly Counter<long> _reasoningTokens;
    private readonly Counter<long> _cachedTokens;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _interTokenLatency;
    private readonly Counter<long> _moderationFlags;
    private readonly Counter<long> _moderationCategories;

    /// <param name="meterFactory">The host's factory, so the meter lives and dies with this server.</param>
    /// <param name="queuedRequests">Requests waiting for admission, read when the gauge is collected.</param>
    /// <param name="activeSequences">Sequences decoding now, read when the gauge is collected.</param>
    public ServerMetrics(IMeterFactory meterFactory, Func<long> queuedRequests, Func<long> activeSequences)
    {
        var meter = meterFactory.Create(MeterName);
        var latency = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBounds };
        _requests = meter.CreateCounter<long>("deliberate.http.requests", "{request}", "HTTP requests by route and status.");
        _promptTokens = meter.CreateCounter<long>("deliberate.prompt_tokens", "{token}", "Prompt tokens processed.");
        _completionTokens = meter.CreateCounter<long>("deliberate.completion_tokens", "{token}", "Completion tokens generated (reasoning included).");
        _reasoningTokens = meter.CreateCounter<long>("deliberate.reasoning_tokens", "{token}", "Reasoning tokens generated.");
        _cachedTokens = meter.CreateCounter<long>("deliberate.cached_prompt_tokens", "{token}", "Prompt tokens served from the prefix cache.");
        _timeToFirstToken = meter.CreateHistogram("deliberate.time_to_first_token", "s", "Time from admission to the first generated token.", tags: null, advice: latency);
        _interTokenLatency = meter.CreateHistogram("deliberate.inter_token_latency", "s", "Time between consecutive generated tokens.", tags: null, advice: latency);
        _moderationFlags = meter.CreateCounter<long>("deliberate.moderation.flagged", "{flag}", "Chat inputs and answers that moderation flagged, by direction.");
        _moderationCategories = meter.CreateCounter<long>("deliberate.moderation.flagged_categories", "{category}",
            "Categories flagged in chat inputs and answers (one flag may count several).");
        meter.CreateObservableGauge("deliberate.queue_depth", queuedRequests, "{request}", "Requests waiting for a sequence slot.");
        meter.CreateObservableGauge("deliberate.active_sequences", activeSequences, "{sequence}", "Sequences being generated.");
    }

    public void CountRequest(string route, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", status));

    public void CountTokens(int prompt, int completion, int reasoning, int cached)
    {
        _promptTokens.Add(prompt);
        _completionTokens.Add(completion);
        _reasoningTokens.Add(reasoning);
        _cachedTokens.Add(cached);
    }

    /// <summary>A chat input or output (<paramref name="direction"/>) that moderation flagged, with each category it flagged.</summary>
    public void CountModerationFlag(string direction, IEnumerable<string> categories)
    {
        var directionTag = new KeyValuePair<string, object?>("direction", direction);
        _moderationFlags.Add(1, directionTag);
        foreach (var category in categories)
        {
            _moderationCategories.Add(1, directionTag, new KeyValuePair<string, object?>("category", category));
        }
    }

    public void TimeToFirstToken(TimeSpan elapsed) => _timeToFirstToken.Record(elapsed.TotalSeconds);

    public void InterTokenLatency(TimeSpan elapsed) => _interTokenLatency.Record(elapsed.TotalSeconds);
}
