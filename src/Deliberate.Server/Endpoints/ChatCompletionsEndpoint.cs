using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Server.Chat;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Moderation;
using Deliberate.Server.Telemetry;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: parse, validate, submit to the model's scheduler (which admits or queues it), then
/// answer whole or as SSE. What each choice is comes decided from the engine (<see cref="ChoiceOutcome"/>); this only
/// maps it to the wire (<c>call_…</c> ids, chunks).
/// </summary>
public static class ChatCompletionsEndpoint
{
    private const string Fingerprint = "fp_deliberate";

    public static void Map(IEndpointRouteBuilder app, ChatRequestValidator validator, IChatBackend backend, ServerMetrics metrics, ChatModeration? moderation)
    {
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var body = await RequestBody.ReadJsonAsync(context);
            var request = validator.Validate(ChatRequestParser.Parse(body));
            if (!backend.IsReady)
            {
                throw new ApiException(503, "The model is still loading; retry shortly.", "server_error", null, "model_not_ready") { RetryAfterSeconds = 5 };
            }

            var prompt = backend.Prepare(request);
            using var exchange = ChatExchange.Begin(context, request, metrics);
            var aborted = context.RequestAborted;
            // Flagged input is refused without generating, so it takes no sequence; anything else is submitted now, so a
            // full queue is still a clean 503. Telemetry observes the engine's own events: the token and latency
            // metrics measure generation, so a refused input (nothing generated) adds none, and the output gate's
            // sentence-late release does not stretch the inter-token gaps.
            var flagged = moderation?.CheckInput(request);
            var events = flagged is not null ? moderation!.Refuse(flagged, request.N, prompt.Prompt.Tokens.Length)
                : moderation is { ModeratesOutput: true } ? moderation.GateOutput(exchange.Observe(backend.Start(prompt, aborted)), request, aborted)
                : exchange.Observe(backend.Start(prompt, aborted));
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (request.Stream)
            {
                await StreamAsync(context, events, request, id, created, aborted);
            }
            else
            {
                await WholeAsync(context, events, request, id, created, aborted);
            }
        });
    }

    private static async Task WholeAsync(HttpContext context, IAsyncEnumerable<ChatEvent> events, Deliberate.Server.Chat.ChatRequest request, string id, long created, CancellationToken aborted)
    {
        var outcomes = new ChoiceOutcome?[request.N];
        GenerationFinished? done = null;
        await foreach (var e in events.WithCancellation(aborted))
        {
            switch (e)
            {
                case ChoiceFinished f: outcomes[f.Choice] = f.Outcome; break;
                case GenerationFinished g: done = g; break;
            }
        }

        var choices = new List<ChatChoice>(request.N);
        for (var k = 0; k < request.N; k++)
        {
            var outcome = outcomes[k] ?? throw new InvalidOperationException($"choice {k} never finished");
            var message = new ChatResponseMessage("assistant", outcome.Content, outcome.Refusal, request.IncludeReasoning ? outcome.Reasoning : null, ToolCalls(outcome));
            choices.Add(new ChatChoice(k, message, null, outcome.FinishReason));
        }

        var response = new ChatCompletionResponse(id, "chat.completion", created, request.RequestedModel, choices, Usage(done), "default", Fingerprint);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(response, WireJsonContext.Default.ChatCompletionResponse), aborted);
    }

    /// <summary>A choice's calls on the wire: each gets OpenAI's id shape, <c>call_</c> and 24 hex digits.</summary>
    private static List<ToolCallDto>? ToolCalls(ChoiceOutcome outcome) =>
        outcome.ToolCalls.Count == 0 ? null
        : [.. outcome.ToolCalls.Select(c => new ToolCallDto("call_" + Guid.NewGuid().ToString("N")[..24], "function", new FunctionCallDto(c.Name, c.ArgumentsJson)))];

    /// <summary>
    /// Data-only SSE: a role chunk per choice, then deltas as the choices produce them (interleaved, each with its
    /// index), a finish chunk per choice, the usage chunk if asked, then [DONE]. When tools may be called, the engine
    /// holds a choice's answer until it ends and sends it as one content chunk; its calls follow as tool-call deltas
    /// (id and name once, then the arguments in fragments), so call syntax never leaks into <c>content</c>.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, IAsyncEnumerable<ChatEvent> events, Deliberate.Server.Chat.ChatRequest request, string id, long created, CancellationToken aborted)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        void Send(int index, ChunkDelta delta, string? finish) =>
            SseWriter.WriteData(response, JsonSerializer.Serialize(
                new ChatCompletionChunk(id, "chat.completion.chunk", created, request.RequestedModel, Fingerprint, [new ChunkChoice(index, delta, null, finish)], null),
                WireJsonContext.Default.ChatCompletionChunk));

        for (var k = 0; k < request.N; k++)
        {
            Send(k, new ChunkDelta(Role: "assistant", Content: ""), null);
        }

        await SseWriter.FlushAsync(response, aborted); // the response has started: later failures end the stream

        GenerationFinished? done = null;
        await using var enumerator = events.GetAsyncEnumerator(aborted);
        while (true)
        {
            var next = enumerator.MoveNextAsync();
            if (!next.IsCompleted)
            {
                await SseWriter.FlushAsync(response, aborted);
            }

            if (!await next)
            {
                break;
            }

            switch (enumerator.Current)
            {
                case RefusalChunk r: Send(r.Choice, new ChunkDelta(Refusal: r.Text), null); break;
                case ContentChunk c: Send(c.Choice, new ChunkDelta(Content: c.Text), null); break;
                case ReasoningChunk r when request.IncludeReasoning: Send(r.Choice, new ChunkDelta(ReasoningContent: r.Text), null); break;
                case ChoiceFinished f:
                    var calls = ToolCalls(f.Outcome);
                    for (var i = 0; calls is not null && i < calls.Count; i++)
                    {
                        foreach (var piece in ToolCallChunks(i, calls[i]))
                        {
                            Send(f.Choice, new ChunkDelta(ToolCalls: [piece]), null);
                        }
                    }

                    Send(f.Choice, new ChunkDelta(), f.Outcome.FinishReason);
                    break;
                case GenerationFinished g:
                    done = g;
                    break;
            }
        }

        if (request.IncludeUsage)
        {
            SseWriter.WriteData(response, JsonSerializer.Serialize(
                new ChatCompletionChunk(id, "chat.completion.chunk", created, request.RequestedModel, Fingerprint, [], Usage(done)),
                WireJsonContext.Default.ChatCompletionChunk));
        }

        SseWriter.WriteData(response, "[DONE]");
        await SseWriter.FlushAsync(response, aborted);
    }

    /// <summary>OpenAI's shape: the first piece names the call, the rest carry the arguments string in order.</summary>
    private static IEnumerable<ChunkToolCall> ToolCallChunks(int index, ToolCallDto call)
    {
        const int Fragment = 24;
        yield return new ChunkToolCall(index, call.Id, "function", new ChunkFunction(call.Function.Name, ""));
        for (var at = 0; at < call.Function.Arguments.Length; at += Fragment)
        {
            yield return new ChunkToolCall(index, null, null, new ChunkFunction(null, call.Function.Arguments.Substring(at, Math.Min(Fragment, call.Function.Arguments.Length - at))));
        }
    }

    private static UsageDto Usage(GenerationFinished? done)
    {
        var (prompt, completion, reasoning, cached) = done is null ? (0, 0, 0, 0) : (done.PromptTokens, done.CompletionTokens, done.ReasoningTokens, done.CachedPromptTokens);
        return new(prompt, completion, prompt + completion, new PromptTokensDetails(cached, 0), new CompletionTokensDetails(reasoning, 0, 0, 0));
    }
}
