using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Server.Chat;
using Deliberate.Server.Contracts;
using Deliberate.Server.Telemetry;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the <see cref="ChatCompletionPipeline"/> parses, validates and submits the request
/// to the model's scheduler (which admits or queues it); this answers whole or as SSE. What each choice is comes decided
/// from the engine (<see cref="ChoiceOutcome"/>); this only maps it to the wire (<c>call_…</c> ids, chunks).
/// </summary>
public static class ChatCompletionsEndpoint
{
    public static void Map(IEndpointRouteBuilder app, ChatCompletionPipeline chat, ServerMetrics metrics)
    {
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var body = await RequestBody.ReadJsonAsync(context);
            var request = chat.Parse(body);
            var prompt = chat.Prepare(request);
            var aborted = context.RequestAborted;
            using var exchange = ChatExchange.Begin(context, request, metrics);
            var events = chat.Start(prompt, exchange, aborted);
            var id = ChatCompletionBody.NewId();
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (request.Stream)
            {
                await StreamAsync(context, events, request, id, created, aborted);
            }
            else
            {
                var response = await ChatCompletionBody.CollectAsync(events, request, id, created, aborted);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(response, WireJsonContext.Default.ChatCompletionResponse), aborted);
            }
        });
    }

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
                new ChatCompletionChunk(id, "chat.completion.chunk", created, request.RequestedModel, ChatCompletionBody.Fingerprint, [new ChunkChoice(index, delta, null, finish)], null),
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
                    var calls = ChatCompletionBody.ToolCalls(f.Outcome);
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
                new ChatCompletionChunk(id, "chat.completion.chunk", created, request.RequestedModel, ChatCompletionBody.Fingerprint, [], ChatCompletionBody.Usage(done)),
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
}
