namespace Deliberate.Server.Storage.Files;

/// <summary>
/// Stored files: a row in <see cref="FileRecords"/> and bytes in <see cref="FileBlobs"/>, kept in agreement by order.
/// Creating writes the bytes durably first and the row second; deleting removes the row first and the bytes second.
/// A crash can therefore leave only bytes without a row (or an unfinished <c>.partial</c> upload), never a row without
/// its bytes, and <see cref="ReconcileAsync"/> at start-up removes those leftovers. A row whose bytes were lost anyway
/// (a disk replaced, a file deleted by hand) is marked <see cref="FileRecord.Error"/> and its content never served.
/// </summary>
public sealed class FileStore : IDisposable
{
    /// <summary>Where the bytes live: <c>&lt;data directory&gt;/files</c>.</summary>
    public const string DirectoryName = "files";

    private readonly FileBlobs _blobs;
    private readonly ILogger _logger;

    public FileStore(Database database, string dataDirectory, ILogger<FileStore> logger)
    {
        Records = new FileRecords(database);
        _blobs = new FileBlobs(Path.Combine(dataDirectory, DirectoryName));
        _logger = logger;
    }

    public FileRecords Records { get; }

    public string Directory => _blobs.Directory;

    /// <summary>
    /// Writes <paramref name="content"/> to disk under a new id without making it a file yet, so a caller can check the
    /// rest of a request first; at most <paramref name="maxBytes"/> bytes are accepted.
    /// </summary>
    /// <exception cref="FileTooLargeException">More than <paramref name="maxBytes"/> arrived; nothing is kept.</exception>
    public Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken = default) =>
        _blobs.StageAsync(FileIds.New(), content, maxBytes, cancellationToken);

    /// <summary>
    /// Makes staged bytes a file of <paramref name="owner"/>: the bytes take their final name, then the row is written.
    /// Cancellation is honoured only before the rename; after it the file is finished, so no half is left.
    /// </summary>
    public async Task<FileRecord> CreateAsync(string owner, StagedFile staged, string filename, string purpose, CancellationToken cancellationToken = default)
    {
        if (!FilePurposes.IsKnown(purpose))
        {
            throw new ArgumentException($"'{purpose}' is not a file purpose", nameof(purpose));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var record = new FileRecord(staged.Id, owner, FileNames.Sanitize(filename), purpose, staged.Bytes, staged.Sha256,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(), FileRecord.Processed, null);
        _blobs.Commit(staged);
        try
        {
            await Records.InsertAsync(record, CancellationToken.None); // the bytes are in place: finish even if the caller gives up
        }
        catch
        {
            RemoveBytes(record.Id);
            throw;
        }

        return record;
    }

    /// <summary>Stages and creates in one step (the server's own files, such as batch output).</summary>
    public async Task<FileRecord> CreateAsync(string owner, string filename, string purpose, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var staged = await StageAsync(content, maxBytes, cancellationToken);
        return await CreateAsync(owner, staged, filename, purpose, cancellationToken);
    }

    public Task<FileRecord?> FindAsync(string owner, string id, CancellationToken cancellationToken = default) =>
        FileIds.IsWellFormed(id) ? Records.FindAsync(owner, id, cancellationToken) : Task.FromResult<FileRecord?>(null);

    /// <summary>
    /// The file's bytes to read, checked against its row first: missing bytes or a different length mark the file
    /// <see cref="FileRecord.Error"/> and return null. (The checksum can only be checked while reading: see
    /// <see cref="MarkDamagedAsync"/>.)
    /// </summary>
    public async Task<FileStream?> OpenContentAsync(FileRecord file, CancellationToken cancellationToken = default)
    {
        if (file.Status != FileRecord.Processed)
        {
            return null;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(_blobs.PathOf(file.Id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            await MarkDamagedAsync(file, "its bytes are missing from the data directory", cancellationToken);
            return null;
        }

        if (stream.Length != file.Bytes)
        {
            await stream.DisposeAsync();
            await MarkDamagedAsync(file, $"its bytes on disk number {stream.Length}, not {file.Bytes}", cancellationToken);
            return null;
        }

        return stream;
    }

    /// <summary>Marks a file unusable (its bytes were found missing or not what was stored) and logs why.</summary>
    public async Task MarkDamagedAsync(FileRecord file, string reason, CancellationToken cancellationToken = default)
    {
        StorageLog.FileBroken(_logger, file.Id, reason);
        await Records.MarkErrorAsync(file.Id, "The file's content is unavailable: " + reason + ".", cancellationToken);
    }

    /// <summary>Deletes the row, then the bytes; false when <paramref name="owner"/> has no such file.</summary>
    public async Task<bool> DeleteAsync(string owner, string id, CancellationToken cancellationToken = default)
    {
        if (!FileIds.IsWellFormed(id) || !await Records.DeleteAsync(owner, id, cancellationToken))
        {
            return false;
        }

        RemoveBytes(id);
        return true;
    }

    /// <summary>
    /// The start-up check, run before serving: unfinished uploads and bytes without a row (a crash between the two
    /// steps of create or delete) are removed, and rows whose bytes are missing or of another length are marked
    /// <see cref="FileRecord.Error"/>. Skipped, with a warning, while another server uses the same directory.
    /// </summary>
    public async Task<FileReconciliation> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        if (!_blobs.IsExclusive)
        {
            StorageLog.ReconcileSkipped(_logger, Directory);
            return new FileReconciliation(Ran: false, 0, 0, 0, 0);
        }

        var (ids, partial) = _blobs.Entries();
        foreach (var path in partial)
        {
            File.Delete(path);
        }

        var rows = await Records.AllAsync(cancellationToken);
        var onDisk = ids.ToHashSet(StringComparer.Ordinal);
        var orphans = onDisk.Except(rows.Select(r => r.Id), StringComparer.Ordinal).ToList();
        foreach (var id in orphans)
        {
            File.Delete(_blobs.PathOf(id));
        }

        var broken = 0;
        foreach (var (id, bytes, status) in rows.Where(r => r.Status == FileRecord.Processed))
        {
            var info = new FileInfo(_blobs.PathOf(id));
            var reason = !info.Exists ? "its bytes are missing from the data directory"
                : info.Length != bytes ? $"its bytes on disk number {info.Length}, not {bytes}"
                : null;
            if (reason is not null)
            {
                broken++;
                StorageLog.FileBroken(_logger, id, reason);
                await Records.MarkErrorAsync(id, "The file's content is unavailable: " + reason + ".", cancellationToken);
            }
        }

        if (partial.Count + orphans.Count > 0)
        {
            DirectorySync.Flush(Directory);
        }

        _blobs.ShareFromNowOn();
        StorageLog.FilesReconciled(_logger, rows.Count, Directory, partial.Count, orphans.Count, broken);
        return new FileReconciliation(Ran: true, partial.Count, orphans.Count, broken, rows.Count);
    }

    public void Dispose() => _blobs.Dispose();

    private void RemoveBytes(string id)
    {
        try
        {
            _blobs.Delete(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            StorageLog.BytesNotRemoved(_logger, id, e.Message);
        }
    }
}

/// <summary>What the start-up check found and did (<paramref name="Ran"/> is false when another server shared the directory).</summary>
public sealed record FileReconciliation(bool Ran, int PartialRemoved, int OrphansRemoved, int MarkedBroken, int Rows);
