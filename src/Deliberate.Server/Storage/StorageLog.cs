namespace Deliberate.Server.Storage;

/// <summary>The storage's log lines (event ids 20–29, beside the server's own in <c>Telemetry/ServerLog</c>).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "migrated {Database} to schema version {Version} ({Steps})")]
    public static partial void Migrated(ILogger logger, string database, int version, string steps);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "imported {Keys} API keys from {File} into {Database}; the old file is now {Renamed}")]
    public static partial void KeysImported(ILogger logger, int keys, string file, string database, string renamed);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information,
        Message = "checked {Files} files in {Directory}: removed {Partial} unfinished uploads and {Orphans} bytes without a row; {Broken} rows have missing or damaged bytes")]
    public static partial void FilesReconciled(ILogger logger, int files, string directory, int partial, int orphans, int broken);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "file {FileId} is unusable: {Reason}; it is marked status error and its content is not served")]
    public static partial void FileBroken(ILogger logger, string fileId, string reason);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning,
        Message = "another server is using {Directory}, so the start-up check of its files is left to the next start with none running")]
    public static partial void ReconcileSkipped(ILogger logger, string directory);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "could not remove the bytes of deleted file {FileId} ({Reason}); the next start removes them")]
    public static partial void BytesNotRemoved(ILogger logger, string fileId, string reason);
}
