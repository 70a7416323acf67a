namespace Deliberate.Server.Contracts;

/// <summary>
/// OpenAI's File object. <c>status</c> is <c>processed</c> (or <c>error</c> when the server lost the bytes, with
/// <c>status_details</c> saying how); files do not expire here, so <c>expires_at</c> is always null.
/// </summary>
public sealed record FileDto(string Id, string Object, long Bytes, long CreatedAt, long? ExpiresAt, string Filename, string Purpose, string Status, string? StatusDetails);

/// <summary><c>GET /v1/files</c>: a cursor page; <c>first_id</c> and <c>last_id</c> are null when it is empty.</summary>
public sealed record FileListDto(string Object, IReadOnlyList<FileDto> Data, string? FirstId, string? LastId, bool HasMore);

/// <summary><c>DELETE /v1/files/{id}</c>.</summary>
public sealed record FileDeletedDto(string Id, string Object, bool Deleted);
