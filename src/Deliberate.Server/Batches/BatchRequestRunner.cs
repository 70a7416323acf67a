using System.Text;
using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Server.Chat;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Telemetry;

namespace Deliberate.Server.Batches;

/// <summary>
/// Runs one request of a batch as <c>POST /v1/chat/completions</c> would, through the same
/// <see cref="ChatCompletionPipeline"/> but at batch priority, and writes its line of the output or error file: the
/// completion with status 200, or the very error envelope and status the endpoint would have answered.
/// </summary>
public sealed class BatchRequestRunner(ChatCompletionPipeline chat, ServerMetrics metrics, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// The request's result line and whether it succeeded. Cancelling <paramref name="cancellationToken"/> stops the
    /// generation within a step and throws (the request has no result then, and runs again later or is reported as
    /// never run).
    /// </summary>
    public async Task<(bool Succeeded, string Line)> RunAsync(string batchId, BatchRequestRow row, CancellationToken cancellationToken)
    {
        var requestId = "req_" + Guid.NewGuid().ToString("N");
        int status;
        JsonElement body;
        try
        {
            var request = chat.Parse(Encoding.UTF8.GetBytes(row.Body), ChatPriority.Batch);
            var prompt = chat.Prepare(request);
            using var exchange = ChatExchange.Begin(request, metrics);
            var events = chat.Start(prompt, exchange, cancellationToken);
            var response = await ChatCompletionBody.CollectAsync(events, request, ChatCompletionBody.NewId(), time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
            (status, body) = (200, JsonSerializer.SerializeToElement(response, WireJsonContext.Default.ChatCompletionResponse));
        }
        catch (ApiException e)
        {
            (status, body) = (e.Status, Envelope(e.Message, e.Type, e.Param, e.Code));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            BatchLog.RequestCrashed(logger, e, batchId, row.Line);
            (status, body) = (500, Envelope("The server had an error while processing your request. Sorry about that!", "server_error", null, null));
        }

        var line = new BatchOutputLineDto(BatchIds.NewRequest(), row.CustomId, new BatchResponseDto(status, requestId, body), null);
        return (status == 200, JsonSerializer.Serialize(line, WireJsonContext.Default.BatchOutputLineDto));
    }

    private static JsonElement Envelope(string message, string type, string? param, string? code) =>
        JsonSerializer.SerializeToElement(new ErrorEnvelope(new ErrorBody(message, type, param, code)), WireJsonContext.Default.ErrorEnvelope);
}
