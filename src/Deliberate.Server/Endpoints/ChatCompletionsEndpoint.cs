using System.Text;
using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Server.Chat;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Moderation;
using Deliberate.Server.Scheduling;
using Deliberate.Server.Telemetry;
using ServerChatRequest = Deliberate.Server.Chat.ChatRequest;

namespace Deliberate.Server.Endpoints;

/// <summary><c>POST /v1/chat/completions</c>: parse, validate, admit, then answer whole or as SSE.</summary>
public static class ChatCompletionsEndpoint
{
    private const string Fingerprint = "fp_deliberate";

    public static void Map(IEndpointRouteBuilder app, ChatRequestValidator validator, IChatBackend backend, AdmissionQueue queue, ServerMetrics metrics, ChatModeration? moderation)
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
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            // Flagged input is refused without generating, so it takes no sequence slot.
            var flagged = moderation?.CheckInput(request);
            using var slot = flagged is null ? await queue.EnterAsync(RequestPriority.Interactive, aborted) : null;
            // Telemetry observes the engine's own events: the token and latency metrics measure generation, so a
            // refused input (nothing generated) adds none, and the output gate's sentence-late release does not
            // stretch the inter-token gaps.
            var events = flagged is not null ? moderation!.Refuse(flagged, request.N, prompt.Tokens.Length)
                : moderation is { ModeratesOutput: true } ? moderation.GateOutput(exchange.Observe(backend.GenerateAsync(prompt, aborted)), request, aborted)
                : exchange.Observe(backend.GenerateAsync(prompt, aborted));
            if (request.Stream)
            {
                await StreamAsync(context, request, events, id, created, aborted);
            }
            else
            {
                await WholeAsync(context, request, events, id, created, aborted);
            }
        });
    }

    private static async Task WholeAsync(HttpContext context, ServerChatRequest request, IAsyncEnumerable<ChatEvent> events, string id, long created, CancellationToken aborted)
    {
        var content = Enumerable.Range(0, request.N).Select(_ => new StringBuilder()).ToArray();
        var thought = Enumerable.Range(0, request.N).Select(_ => new StringBuilder()).ToArray();
        var refusals = new StringBuilder?[request.N];
        var finishes = new string[request.N];
        GenerationFinished? done = null;
        await foreach (var e in events.WithCancellation(aborted))
        {
            switch (e)
            {
                case ContentChunk c: content[c.Choice].Append(c.Text); break;
                case RefusalChunk r: (refusals[r.Choice] ??= new StringBuilder()).Append(r.Text); break;
                case ReasoningChunk r: thought[r.Choice].Append(r.Text); break;
                case ChoiceFinished f: finishes[f.Choice] = f.FinishReason; break;
                case GenerationFinished g: done = g; break;
            }
        }

        var choices = new List<ChatChoice>(request.N);
        for (var k = 0; k < request.N; k++)
        {
            // Content moderation withheld the answer: nothing of it is parsed into tool calls.
            var (text, calls, finish) = finishes[k] == ChatModeration.ContentFilter ? (null, null, ChatModeration.ContentFilter)
                : ChoiceOutcome.Resolve(request, content[k].ToString(), thought[k].ToString(), finishes[k] ?? "stop");
            // A refusal replaces the schema-shaped content: content is null, the text is in refusal (as OpenAI sends it).
            var refusal = refusals[k]?.ToString().Trim();
            var message = new ChatResponseMessage("assistant", refusal is null ? text : null, refusal, request.IncludeReasoning ? thought[k].ToString() : null, calls);
            choices.Add(new ChatChoice(k, message, null, finish));
        }

        var response = new ChatCompletionResponse(id, "chat.completion", created, request.RequestedModel, choices, Usage(done), "default", Fingerprint);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(response, WireJsonContext.Default.ChatCompletionResponse), aborted);
    }

    /// <summary>
    /// Data-only SSE: a role chunk per choice, then deltas as the choices produce them (interleaved, each with its
    /// index), a finish chunk per choice, the usage chunk if asked, then [DONE]. When tools may be called, a choice's
    /// answer is held back until it ends, then sent as content and tool-call deltas (id and name once, then the
    /// arguments in fragments), so call syntax never leaks into <c>content</c>.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, ServerChatRequest request, IAsyncEnumerable<ChatEvent> generation, string id, long created, CancellationToken aborted)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var holdAnswer = request.Structured.ParseToolCalls;
        var held = Enumerable.Range(0, request.N).Select(_ => new StringBuilder()).ToArray();
        var thought = Enumerable.Range(0, request.N).Select(_ => new StringBuilder()).ToArray();

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
        await using var events = generation.GetAsyncEnumerator(aborted);
        while (true)
        {
            var next = events.MoveNextAsync();
            if (!next.IsCompleted)
            {
                await SseWriter.FlushAsync(response, aborted);
            }

            if (!await next)
            {
                break;
            }

            switch (events.Current)
            {
                case RefusalChunk r: Send(r.Choice, new ChunkDelta(Refusal: r.Text), null); break;
                case ContentChunk c when holdAnswer: held[c.Choice].Append(c.Text); break;
                case ContentChunk c: Send(c.Choice, new ChunkDelta(Content: c.Text), null); break;
                case ReasoningChunk r:
                    thought[r.Choice].Append(r.Text);
                    if (request.IncludeReasoning)
                    {
                        Send(r.Choice, new ChunkDelta(ReasoningContent: r.Text), null);
                    }

                    break;
                case ChoiceFinished f when f.FinishReason == ChatModeration.ContentFilter:
                    Send(f.Choice, new ChunkDelta(), f.FinishReason);
                    break;
                case ChoiceFinished f when holdAnswer:
                    var (text, calls, finish) = ChoiceOutcome.Resolve(request, held[f.Choice].ToString(), thought[f.Choice].ToString(), f.FinishReason);
                    if (text is { Length: > 0 })
                    {
                        Send(f.Choice, new ChunkDelta(Content: text), null);
                    }

                    for (var i = 0; calls is not null && i < calls.Count; i++)
                    {
                        foreach (var piece in ToolCallChunks(i, calls[i]))
                        {
                            Send(f.Choice, new ChunkDelta(ToolCalls: [piece]), null);
                        }
                    }

                    Send(f.Choice, new ChunkDelta(), finish);
                    break;
                case ChoiceFinished f:
                    Send(f.Choice, new ChunkDelta(), f.FinishReason);
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
