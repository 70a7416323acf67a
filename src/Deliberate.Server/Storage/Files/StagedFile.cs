namespace Deliberate.Server.Storage.Files;

/// <summary>
/// Bytes written and flushed to disk under a temporary name (<c>&lt;id&gt;.partial</c>), counted and hashed, not yet a
/// file: <see cref="FileStore.CreateAsync(string, StagedFile, string, string, CancellationToken)"/> makes it one.
/// Disposing a staged file that was never committed deletes it.
/// </summary>
public sealed class StagedFile : IDisposable
{
    internal StagedFile(string id, string temporaryPath, long bytes, byte[] sha256)
    {
        Id = id;
        TemporaryPath = temporaryPath;
        Bytes = bytes;
        Sha256 = sha256;
    }

    public string Id { get; }
    public long Bytes { get; }
    public byte[] Sha256 { get; }
    internal string TemporaryPath { get; }
    internal bool Committed { get; set; }

    public void Dispose()
    {
        if (!Committed)
        {
            File.Delete(TemporaryPath);
        }
    }
}
