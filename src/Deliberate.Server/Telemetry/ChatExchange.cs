using System.Diagnostics;
using System.Runtime.CompilerServices;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using ChatRequest = Deliberate.Server.Chat.ChatRequest;

namespace Deliberate.Server.Telemetry;

/// <summary>
/// The telemetry of one chat request, fed by the events it generates: the <c>chat {model}</c> span with OpenTelemetry's
/// gen_ai attribute names (and <c>queue</c>, <c>prefill</c>, <c>decode</c> child spans placed from the engine's
/// timestamps), the token and latency metrics, and the fields of the request's log line.
/// </summary>
public sealed class ChatExchange : IDisposable
{
    private readonly Activity? _activity;
    private readonly ServerMetrics _metrics;
    private readonly RequestRecord? _record;
    private readonly List<string> _finishReasons = [];

    private ChatExchange(RequestRecord? record, ChatRequest request, ServerMetrics metrics)
    {
        _metrics = metrics;
        _record = record;
        var effort = request.Effort.Name();
        if (_record is not null)
        {
            (_record.Model, _record.Effort) = (request.Model.Id, effort);
        }

        _activity = ServerTracing.Source.StartActivity("chat " + request.RequestedModel, ActivityKind.Internal);
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag("gen_ai.operation.name", "chat");
            _activity.SetTag("gen_ai.provider.name", "deliberate");
            _activity.SetTag("gen_ai.request.model", request.RequestedModel);
            _activity.SetTag("gen_ai.response.model", request.Model.Id);
            _activity.SetTag("gen_ai.request.max_tokens", request.MaxCompletionTokens);
            _activity.SetTag("gen_ai.request.choice.count", request.N);
            _activity.SetTag("gen_ai.request.seed", request.Seed);
            _activity.SetTag("gen_ai.request.temperature", request.Sampling.Temperature);
            _activity.SetTag("gen_ai.request.top_p", request.Sampling.TopP);
            _activity.SetTag("deliberate.reasoning_effort", effort);
            _activity.SetTag("deliberate.stream", request.Stream);
            _activity.SetTag("deliberate.request_id", _record?.Id);
        }
    }

    /// <summary>Starts the request's span; the caller disposes it when the response is written.</summary>
    public static ChatExchange Begin(HttpContext context, ChatRequest request, ServerMetrics metrics) => new(context.Features.Get<RequestRecord>(), request, metrics);

    /// <summary>The same for a request no HTTP exchange carries (a batch's): its span is a root, and no log line is filled.</summary>
    public static ChatExchange Begin(ChatRequest request, ServerMetrics metrics) => new(null, request, metrics);

    /// <summary>Passes <paramref name="events"/> through, observing the inter-token gaps, each choice's finish and the end.</summary>
    public async IAsyncEnumerable<ChatEvent> Observe(IAsyncEnumerable<ChatEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long last = 0;
        await foreach (var chatEvent in events.WithCancellation(cancellationToken))
        {
            switch (chatEvent)
            {
                case ReasoningChunk or ContentChunk or RefusalChunk:
                    var now = Stopwatch.GetTimestamp();
                    if (last != 0)
                    {
                        _metrics.InterTokenLatency(Stopwatch.GetElapsedTime(last, now));
                    }

                    last = now;
                    break;
                case ChoiceFinished finished:
                    _finishReasons.Add(finished.Outcome.FinishReason);
                    break;
                case GenerationFinished done:
                    Finished(done);
                    break;
            }

            yield return chatEvent;
        }
    }

    public void Dispose() => _activity?.Dispose();

    private void Finished(GenerationFinished done)
    {
        var timings = done.Timings;
        _metrics.CountTokens(done.PromptTokens, done.CompletionTokens, done.ReasoningTokens, done.CachedPromptTokens);
        if (timings.FirstToken != 0)
        {
            _metrics.TimeToFirstToken(Stopwatch.GetElapsedTime(timings.Admitted, timings.FirstToken));
        }

        if (_record is not null)
        {
            _record.PromptTokens = done.PromptTokens;
            _record.CompletionTokens = done.CompletionTokens;
            _record.ReasoningTokens = done.ReasoningTokens;
            _record.CachedPromptTokens = done.CachedPromptTokens;
            _record.FirstTokenTimestamp = timings.FirstToken == 0 ? null : timings.FirstToken;
        }

        if (_activity is not { IsAllDataRequested: true })
        {
            return;
        }

        _activity.SetTag("gen_ai.usage.input_tokens", done.PromptTokens);
        _activity.SetTag("gen_ai.usage.output_tokens", done.CompletionTokens);
        _activity.SetTag("gen_ai.usage.cache_read.input_tokens", done.CachedPromptTokens);
        _activity.SetTag("deliberate.usage.reasoning_tokens", done.ReasoningTokens);
        _activity.SetTag("gen_ai.response.finish_reasons", _finishReasons.ToArray());
        if (timings.Submitted != 0 && timings.Admitted != 0 && timings.FirstToken != 0)
        {
            // One anchor for the three, so each stage starts exactly where the one before it ended.
            var clock = new WallClock(DateTimeOffset.UtcNow, Stopwatch.GetTimestamp());
            Stage(clock, "queue", timings.Submitted, timings.Admitted);
            Stage(clock, "prefill", timings.Admitted, timings.FirstToken, ("gen_ai.usage.input_tokens", done.PromptTokens), ("gen_ai.usage.cache_read.input_tokens", done.CachedPromptTokens));
            Stage(clock, "decode", timings.FirstToken, timings.Finished, ("gen_ai.usage.output_tokens", done.CompletionTokens), ("deliberate.usage.reasoning_tokens", done.ReasoningTokens));
        }
    }

    /// <summary>A child span for a stage the engine timed; it ran already, so it is started and ended at those times.</summary>
    private void Stage(WallClock clock, string name, long from, long to, params (string Key, object? Value)[] tags)
    {
        // Started from a context rather than the current activity, the stage would leave no current activity behind.
        var current = Activity.Current;
        using (var stage = ServerTracing.Source.StartActivity(name, ActivityKind.Internal, _activity!.Context, startTime: clock.At(from)))
        {
            foreach (var (key, value) in tags)
            {
                stage?.SetTag(key, value);
            }

            // A zero duration would make Stop() take the current time as the end.
            stage?.SetEndTime(clock.At(Math.Max(to, from + 1)).UtcDateTime);
        }

        Activity.Current = current;
    }

    /// <summary>
    /// Places Stopwatch timestamps on the wall clock. The engine records stages with the monotonic Stopwatch (cheap,
    /// immune to clock steps); spans need absolute times, so each is placed relative to one reading of both clocks.
    /// </summary>
    private readonly record struct WallClock(DateTimeOffset Now, long NowTimestamp)
    {
        public DateTimeOffset At(long timestamp) => Now - Stopwatch.GetElapsedTime(timestamp, NowTimestamp);
    }
}
