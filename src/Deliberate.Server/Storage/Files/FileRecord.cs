namespace Deliberate.Server.Storage.Files;

/// <summary>
/// A stored file's row: whose it is, what it is called and for, how many bytes, their SHA-256, when it was created
/// (Unix seconds), and its status: <see cref="Processed"/>, or <see cref="Error"/> once its bytes were found missing
/// or damaged (then <see cref="StatusDetails"/> says how, and the content is never served).
/// </summary>
public sealed record FileRecord(string Id, string Owner, string Filename, string Purpose, long Bytes, byte[] Sha256, long CreatedAt, string Status, string? StatusDetails)
{
    public const string Processed = "processed";
    public const string Error = "error";
}
