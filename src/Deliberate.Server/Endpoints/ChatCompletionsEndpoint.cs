using System.Buffers;
using System.Text;
using System.Text.Json;
using Deliberate.Server.Chat;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Scheduling;

namespace Deliberate.Server.Endpoints;

/// <summary><c>POST /v1/chat/completions</c>: parse, validate, admit, then answer whole or as SSE.</summary>
public static class ChatCompletionsEndpoint
{
    private const string Fingerprint = "fp_deliberate";

    public static void Map(IEndpointRouteBuilder app, ChatRequestValidator validator, IChatBackend backend, AdmissionQueue queue)
    {
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var contentType = context.Request.ContentType ?? "";
            if (!contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiException(415, "Invalid Content-Type header; expected application/json.", "invalid_request_error", null, "unsupported_media_type");
            }

            var body = await ReadBodyAsync(context);
            var request = validator.Validate(ChatRequestParser.Parse(body));
            if (!backend.IsReady)
            {
                throw new ApiException(503, "The model is still loading; retry shortly.", "server_error", null, "model_not_ready") { RetryAfterSeconds = 5 };
            }

            var prompt = backend.Prepare(request);
            var aborted = context.RequestAborted;
            using var slot = await queue.EnterAsync(RequestPriority.Interactive, aborted);
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (request.Stream)
            {
                await StreamAsync(context, backend, prompt, id, created, aborted);
            }
            else
            {
                await WholeAsync(context, backend, prompt, id, created, aborted);
            }
        });
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var pipe = context.Request.BodyReader;
        while (true)
        {
            var read = await pipe.ReadAsync(context.RequestAborted);
            foreach (var segment in read.Buffer)
            {
                buffer.Write(segment.Span);
            }

            pipe.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return buffer.WrittenMemory;
            }
        }
    }

    private static async Task WholeAsync(HttpContext context, IChatBackend backend, PreparedPrompt prompt, string id, long created, CancellationToken aborted)
    {
        var request = prompt.Request;
        var choices = new List<ChatChoice>(request.N);
        int completion = 0, reasoning = 0, cached = 0;
        for (var k = 0; k < request.N; k++)
        {
            var content = new StringBuilder();
            var thought = new StringBuilder();
            var finish = "stop";
            await foreach (var e in backend.GenerateAsync(prompt, k, aborted))
            {
                switch (e.Kind)
                {
                    case ChatEventKind.Content: content.Append(e.Text); break;
                    case ChatEventKind.Reasoning: thought.Append(e.Text); break;
                    default:
                        finish = e.FinishReason ?? "stop";
                        completion += e.CompletionTokens;
                        reasoning += e.ReasoningTokens;
                        cached = Math.Max(cached, e.CachedTokens);
                        break;
                }
            }

            choices.Add(new ChatChoice(k, new ChatResponseMessage("assistant", content.ToString(), null, request.IncludeReasoning ? thought.ToString() : null), null, finish));
        }

        var response = new ChatCompletionResponse(id, "chat.completion", created, request.RequestedModel, choices,
            Usage(prompt.Tokens.Length, completion, reasoning, cached), "default", Fingerprint);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(response, WireJsonContext.Default.ChatCompletionResponse), aborted);
    }

    /// <summary>Data-only SSE: role chunk, deltas, a finish chunk per choice, the usage chunk if asked, then [DONE].</summary>
    private static async Task StreamAsync(HttpContext context, IChatBackend backend, PreparedPrompt prompt, string id, long created, CancellationToken aborted)
    {
        var request = prompt.Request;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        int completion = 0, reasoning = 0, cached = 0;

        Task Send(int index, ChunkDelta delta, string? finish) =>
            SseWriter.WriteDataAsync(response, JsonSerializer.Serialize(
                new ChatCompletionChunk(id, "chat.completion.chunk", created, request.RequestedModel, Fingerprint, [new ChunkChoice(index, delta, null, finish)], null),
                WireJsonContext.Default.ChatCompletionChunk), aborted);

        for (var k = 0; k < request.N; k++)
        {
            await Send(k, new ChunkDelta(Role: "assistant", Content: ""), null);
            var finish = "stop";
            await foreach (var e in backend.GenerateAsync(prompt, k, aborted))
            {
                switch (e.Kind)
                {
                    case ChatEventKind.Content: await Send(k, new ChunkDelta(Content: e.Text), null); break;
                    case ChatEventKind.Reasoning when request.IncludeReasoning: await Send(k, new ChunkDelta(ReasoningContent: e.Text), null); break;
                    case ChatEventKind.Finish:
                        finish = e.FinishReason ?? "stop";
                        completion += e.CompletionTokens;
                        reasoning += e.ReasoningTokens;
                        cached = Math.Max(cached, e.CachedTokens);
                        break;
                }
            }

            await Send(k, new ChunkDelta(), finish);
        }

        if (request.IncludeUsage)
        {
            await SseWriter.WriteDataAsync(response, JsonSerializer.Serialize(
                new ChatCompletionChunk(id, "chat.completion.chunk", created, request.RequestedModel, Fingerprint, [], Usage(prompt.Tokens.Length, completion, reasoning, cached)),
                WireJsonContext.Default.ChatCompletionChunk), aborted);
        }

        await SseWriter.WriteDataAsync(response, "[DONE]", aborted);
    }

    private static UsageDto Usage(int prompt, int completion, int reasoning, int cached) =>
        new(prompt, completion, prompt + completion, new PromptTokensDetails(cached, 0), new CompletionTokensDetails(reasoning, 0, 0, 0));
}
