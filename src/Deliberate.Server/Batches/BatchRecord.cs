namespace Deliberate.Server.Batches;

/// <summary>
/// A batch's row: whose it is, what it runs (<paramref name="Endpoint"/> over the requests of
/// <paramref name="InputFileId"/>), its status with the time it entered each (Unix seconds), its result files, the
/// requests counted so far, the client's metadata (a JSON object) and the input file's problems (a JSON array of
/// <see cref="BatchLineError"/>) when it failed validation.
/// </summary>
public sealed record BatchRecord(
    string Id, string Owner, string Endpoint, string InputFileId, string CompletionWindow, string Status,
    string? OutputFileId, string? ErrorFileId,
    long CreatedAt, long? InProgressAt, long ExpiresAt, long? FinalizingAt, long? CompletedAt, long? FailedAt,
    long? ExpiredAt, long? CancellingAt, long? CancelledAt,
    long RequestTotal, long RequestCompleted, long RequestFailed,
    string? Metadata, string? Errors);
