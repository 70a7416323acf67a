using System.Buffers;
using System.Security.Cryptography;

namespace Deliberate.Server.Storage.Files;

/// <summary>
/// The bytes of stored files: <c>&lt;data directory&gt;/files/&lt;id&gt;</c>, one file per id (not content-addressed: a
/// delete is one unlink, with no reference counts shared between owners). A new file is written as
/// <c>&lt;id&gt;.partial</c>, synced, renamed to its id and the directory synced, so its name appears only with all its
/// bytes on disk. Every server using the directory holds a shared lock on <c>files/.lock</c>; the start-up sweep runs
/// only under an exclusive one, so it never takes another live server's upload for a crash's leftovers.
/// </summary>
internal sealed class FileBlobs : IDisposable
{
    public const string PartialSuffix = ".partial";
    private const string LockName = ".lock";
    private const int ChunkBytes = 81920;

    private FileStream _lock;

    public FileBlobs(string directory)
    {
        Directory = Path.GetFullPath(directory);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var exclusive = TryLock(FileShare.None);
            IsExclusive = exclusive is not null;
            _lock = exclusive ?? Shared();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot keep files in {Directory}: {e.Message}", e);
        }
    }

    public string Directory { get; }

    /// <summary>Whether no other server uses this directory, so leftovers found in it are a crash's, safe to remove.</summary>
    public bool IsExclusive { get; private set; }

    public string PathOf(string id) => Path.Combine(Directory, id);

    /// <summary>Copies <paramref name="content"/> to <c>&lt;id&gt;.partial</c>, counting and hashing, and syncs it; past <paramref name="maxBytes"/> it stops and deletes what it wrote.</summary>
    /// <exception cref="FileTooLargeException">The content is longer than <paramref name="maxBytes"/>.</exception>
    public async Task<StagedFile> StageAsync(string id, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = PathOf(id) + PartialSuffix;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                file.Flush(flushToDisk: true);
            }

            return new StagedFile(id, path, total, hash.GetHashAndReset());
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Gives the staged bytes their id as name, durably (rename, then directory sync).</summary>
    public void Commit(StagedFile staged)
    {
        File.Move(staged.TemporaryPath, PathOf(staged.Id));
        staged.Committed = true;
        DirectorySync.Flush(Directory);
    }

    /// <summary>Removes the bytes of <paramref name="id"/> (nothing when they are already gone), durably.</summary>
    public void Delete(string id)
    {
        File.Delete(PathOf(id));
        DirectorySync.Flush(Directory);
    }

    /// <summary>The entries of the directory that this store made: committed ids and unfinished <c>.partial</c> files.</summary>
    public (List<string> Ids, List<string> Partial) Entries()
    {
        var ids = new List<string>();
        var partial = new List<string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(PartialSuffix, StringComparison.Ordinal) && FileIds.IsWellFormed(name[..^PartialSuffix.Length]))
            {
                partial.Add(path);
            }
            else if (FileIds.IsWellFormed(name))
            {
                ids.Add(name);
            }
        }

        return (ids, partial);
    }

    /// <summary>After the start-up sweep: share the directory with servers that start later.</summary>
    public void ShareFromNowOn()
    {
        if (!IsExclusive)
        {
            return;
        }

        _lock.Dispose();
        _lock = Shared();
        IsExclusive = false;
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Opens the lock file; on Unix .NET backs <see cref="FileShare.None"/> with an exclusive <c>flock</c> and any other
    /// share with a shared one, and fails at once when another process holds a conflicting lock.
    /// </summary>
    private FileStream? TryLock(FileShare share)
    {
        try
        {
            return new FileStream(Path.Combine(Directory, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, share);
        }
        catch (IOException) when (File.Exists(Path.Combine(Directory, LockName)))
        {
            return null;
        }
    }

    /// <summary>The shared lock, waiting out another server's start-up sweep (which holds the exclusive one briefly).</summary>
    private FileStream Shared()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (TryLock(FileShare.ReadWrite) is { } shared)
            {
                return shared;
            }

            Thread.Sleep(50);
        }

        throw new IOException($"{Path.Combine(Directory, LockName)} stayed locked by another process for 10 s");
    }
}
