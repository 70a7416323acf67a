using System.Text.Json;
using Deliberate.Server.Contracts;

namespace Deliberate.Server.Batches;

/// <summary>A batch in OpenAI's wire shape, and the JSON its row keeps for <c>errors</c> and <c>metadata</c>.</summary>
public static class BatchJson
{
    public static string Errors(IEnumerable<BatchLineError> errors) =>
        JsonSerializer.Serialize(errors.Select(e => new BatchErrorDto(e.Code, e.Message, e.Param, e.Line)).ToList(), WireJsonContext.Default.ListBatchErrorDto);

    public static string? Metadata(Dictionary<string, string>? metadata) =>
        metadata is null ? null : JsonSerializer.Serialize(metadata, WireJsonContext.Default.DictionaryStringString);

    public static BatchDto Dto(BatchRecord batch) => new(
        batch.Id, "batch", batch.Endpoint,
        batch.Errors is null ? null : new BatchErrorsDto("list", JsonSerializer.Deserialize(batch.Errors, WireJsonContext.Default.ListBatchErrorDto) ?? []),
        batch.InputFileId, batch.CompletionWindow, batch.Status, batch.OutputFileId, batch.ErrorFileId,
        batch.CreatedAt, batch.InProgressAt, batch.ExpiresAt, batch.FinalizingAt, batch.CompletedAt, batch.FailedAt,
        batch.ExpiredAt, batch.CancellingAt, batch.CancelledAt,
        new BatchRequestCountsDto(batch.RequestTotal, batch.RequestCompleted, batch.RequestFailed),
        batch.Metadata is null ? null : JsonSerializer.Deserialize(batch.Metadata, WireJsonContext.Default.DictionaryStringString));
}
