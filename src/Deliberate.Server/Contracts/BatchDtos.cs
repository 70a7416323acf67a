using System.Text.Json;

namespace Deliberate.Server.Contracts;

/// <summary>
/// OpenAI's Batch object. Every time field is there, null until the batch reaches that status; <c>errors</c> is null
/// unless the input file failed validation; <c>output_file_id</c> and <c>error_file_id</c> are null until the batch
/// ends, and stay null when it produced no such lines.
/// </summary>
public sealed record BatchDto(
    string Id, string Object, string Endpoint, BatchErrorsDto? Errors, string InputFileId, string CompletionWindow, string Status,
    string? OutputFileId, string? ErrorFileId, long CreatedAt, long? InProgressAt, long ExpiresAt, long? FinalizingAt,
    long? CompletedAt, long? FailedAt, long? ExpiredAt, long? CancellingAt, long? CancelledAt,
    BatchRequestCountsDto RequestCounts, Dictionary<string, string>? Metadata);

/// <summary><c>errors</c>: <c>{"object":"list","data":[…]}</c>.</summary>
public sealed record BatchErrorsDto(string Object, IReadOnlyList<BatchErrorDto> Data);

/// <summary>One problem of the input file: a code, a message, the field at fault and the 1-based line (null for the whole file).</summary>
public sealed record BatchErrorDto(string Code, string Message, string? Param, int? Line);

public sealed record BatchRequestCountsDto(long Total, long Completed, long Failed);

/// <summary><c>GET /v1/batches</c>: a cursor page, newest first; <c>first_id</c> and <c>last_id</c> are null when it is empty.</summary>
public sealed record BatchListDto(string Object, IReadOnlyList<BatchDto> Data, string? FirstId, string? LastId, bool HasMore);

/// <summary>
/// A line of a batch's output or error file: the request's <c>custom_id</c> with the HTTP answer it got
/// (<c>response</c>), or, for a request never run, <c>response: null</c> and an <c>error</c> saying why.
/// </summary>
public sealed record BatchOutputLineDto(string Id, string CustomId, BatchResponseDto? Response, BatchOutputErrorDto? Error);

/// <summary>The answer the endpoint gave a batch request: its status, its <c>req_…</c> id and its JSON body (a completion or an error envelope).</summary>
public sealed record BatchResponseDto(int StatusCode, string RequestId, JsonElement Body);

/// <summary>Why a request of a batch was never run (<c>batch_cancelled</c>, <c>batch_expired</c>).</summary>
public sealed record BatchOutputErrorDto(string Code, string Message);
