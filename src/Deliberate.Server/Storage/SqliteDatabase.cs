using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Deliberate.Server.Storage;

/// <summary>
/// SQLite in one file. Write-ahead logging lets readers (key checks, file listings) run while a writer commits, and
/// lets <c>deliberate keys</c> write while the server runs; <c>synchronous = FULL</c> makes every commit durable even
/// against power loss, not only against a killed process; writers that meet a lock wait up to the busy timeout.
/// </summary>
internal sealed class SqliteDatabase : Database
{
    /// <summary>How long a connection waits for another's write lock before failing with "database is locked".</summary>
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        var file = Path.GetFullPath(path);
        Description = "SQLite " + file;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot create the data directory {Path.GetDirectoryName(file)}: {e.Message}", e);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        // The journal mode is stored in the file: set once, it holds for every later connection.
        var mode = connection.ExecuteScalar<string>("PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageException($"cannot use {Description}: its file system does not support write-ahead logging (journal mode stays '{mode}'); put the data directory on a local disk");
        }
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string Description { get; }

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override void Prepare(DbConnection connection) =>
        connection.Execute($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");

    protected override void Dispose(bool disposing)
    {
        // Pooled connections keep the file open after the last use; the server closes them when it stops.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
