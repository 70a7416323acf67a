using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Deliberate.Server.Metrics;

/// <summary>The server's counters, gauges and histograms, written as Prometheus text by <see cref="Render"/>.</summary>
public sealed class ServerMetrics
{
    private static readonly double[] LatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly ConcurrentDictionary<(string Route, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, long> _moderationFlags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Direction, string Category), long> _moderationCategories = new();
    private long _promptTokens;
    private long _completionTokens;
    private long _reasoningTokens;
    private long _cachedTokens;
    private long _queueDepth;
    private long _activeSequences;

    public Histogram TimeToFirstToken { get; } = new("deliberate_time_to_first_token_seconds", "Time from admission to the first generated token.", LatencyBounds);

    public Histogram InterTokenLatency { get; } = new("deliberate_inter_token_latency_seconds", "Time between consecutive generated tokens.", LatencyBounds);

    public void CountRequest(string route, int status) => _requests.AddOrUpdate((route, status), 1, (_, n) => n + 1);

    public void CountTokens(int prompt, int completion, int reasoning, int cached)
    {
        Interlocked.Add(ref _promptTokens, prompt);
        Interlocked.Add(ref _completionTokens, completion);
        Interlocked.Add(ref _reasoningTokens, reasoning);
        Interlocked.Add(ref _cachedTokens, cached);
    }

    /// <summary>A chat input or output that moderation flagged, with each category it flagged.</summary>
    public void CountModerationFlag(string direction, IEnumerable<string> categories)
    {
        _moderationFlags.AddOrUpdate(direction, 1, (_, n) => n + 1);
        foreach (var category in categories)
        {
            _moderationCategories.AddOrUpdate((direction, category), 1, (_, n) => n + 1);
        }
    }

    public void QueueDepthChanged(int delta) => Interlocked.Add(ref _queueDepth, delta);

    public void ActiveSequencesChanged(int delta) => Interlocked.Add(ref _activeSequences, delta);

    /// <summary>The engine's own count of decoding sequences; when set it is what the gauge reports.</summary>
    public Func<long>? ActiveSequenceSource { get; set; }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("# HELP deliberate_http_requests_total HTTP requests by route and status.\n# TYPE deliberate_http_requests_total counter\n");
        foreach (var ((route, status), count) in _requests.OrderBy(kv => kv.Key.Route, StringComparer.Ordinal).ThenBy(kv => kv.Key.Status))
        {
            text.Append(CultureInfo.InvariantCulture, $"deliberate_http_requests_total{{route=\"{Escape(route)}\",status=\"{status}\"}} {count}\n");
        }

        Counter(text, "deliberate_prompt_tokens_total", "Prompt tokens processed.", Interlocked.Read(ref _promptTokens));
        Counter(text, "deliberate_completion_tokens_total", "Completion tokens generated (reasoning included).", Interlocked.Read(ref _completionTokens));
        Counter(text, "deliberate_reasoning_tokens_total", "Reasoning tokens generated.", Interlocked.Read(ref _reasoningTokens));
        Counter(text, "deliberate_cached_prompt_tokens_total", "Prompt tokens served from the prefix cache.", Interlocked.Read(ref _cachedTokens));
        Gauge(text, "deliberate_queue_depth", "Requests waiting for a sequence slot.", Interlocked.Read(ref _queueDepth));
        Gauge(text, "deliberate_active_sequences", "Sequences being generated.", ActiveSequenceSource?.Invoke() ?? Interlocked.Read(ref _activeSequences));
        text.Append("# HELP deliberate_moderation_flagged_total Chat inputs and answers that moderation flagged, by direction.\n# TYPE deliberate_moderation_flagged_total counter\n");
        foreach (var (direction, count) in _moderationFlags.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"deliberate_moderation_flagged_total{{direction=\"{direction}\"}} {count}\n");
        }

        text.Append("# HELP deliberate_moderation_flagged_categories_total Categories flagged in chat inputs and answers (one flag may count several).\n# TYPE deliberate_moderation_flagged_categories_total counter\n");
        foreach (var ((direction, category), count) in _moderationCategories.OrderBy(kv => kv.Key.Direction, StringComparer.Ordinal).ThenBy(kv => kv.Key.Category, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"deliberate_moderation_flagged_categories_total{{direction=\"{direction}\",category=\"{Escape(category)}\"}} {count}\n");
        }

        TimeToFirstToken.WriteTo(text);
        InterTokenLatency.WriteTo(text);
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static void Gauge(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
