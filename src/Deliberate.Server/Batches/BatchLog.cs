namespace Deliberate.Server.Batches;

/// <summary>The Batch API's log lines (event ids 30–39): each batch's way through its statuses; never request content.</summary>
internal static partial class BatchLog
{
    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "batch {BatchId} validated: {Requests} requests")]
    public static partial void Validated(ILogger logger, string batchId, long requests);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "batch {BatchId} failed validation: {Errors} errors, first {FirstError}")]
    public static partial void ValidationFailed(ILogger logger, string batchId, int errors, string firstError);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information,
        Message = "batch {BatchId} {Status}: {Completed} of {Total} requests completed, {Failed} failed; output {OutputFileId}, errors {ErrorFileId}")]
    public static partial void Finished(ILogger logger, string batchId, string status, long completed, long total, long failed, string? outputFileId, string? errorFileId);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "a request of batch {BatchId} (line {Line}) failed inside the server; it is answered 500")]
    public static partial void RequestCrashed(ILogger logger, Exception exception, string batchId, long line);

    [LoggerMessage(EventId = 34, Level = LogLevel.Error, Message = "the batch runner failed on batch {BatchId}; it retries in {Seconds} s")]
    public static partial void RunnerFailed(ILogger logger, Exception exception, string? batchId, int seconds);
}
