using System.Data.Common;
using Dapper;

namespace Deliberate.Server.Storage;

/// <summary>
/// The server's one database, SQLite or PostgreSQL, opened with its schema migrated to what this build knows. Stores
/// (one per aggregate: <see cref="ApiKeyStore"/>, <see cref="Files.FileRecords"/>, …) open a pooled connection per
/// operation and write their SQL once for both providers: parameters as <c>@name</c> (Dapper), integers as 64-bit,
/// bytes as BLOB/BYTEA, <c>LIMIT</c> and <c>ON CONFLICT DO NOTHING</c>, which both understand. docs/storage.md.
/// </summary>
public abstract class Database : IAsyncDisposable, IDisposable
{
    /// <summary>The SQLite file in the data directory when no PostgreSQL connection string is configured.</summary>
    public const string SqliteFileName = "deliberate.db";

    static Database() => DefaultTypeMap.MatchNamesWithUnderscores = true; // created_at → CreatedAt

    public abstract DatabaseProvider Provider { get; }

    /// <summary>What and where, for logs and errors: <c>SQLite /data/deliberate.db</c>, <c>PostgreSQL db.lan:5432/deliberate</c>.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Opens the database the settings name — PostgreSQL when <paramref name="postgres"/> is a connection string,
    /// else SQLite in <paramref name="dataDirectory"/> — applies the migrations it lacks, and imports a
    /// <c>keys.db</c> left by earlier versions. Throws <see cref="StorageException"/> when any of it fails.
    /// </summary>
    public static Database Open(string dataDirectory, string? postgres, ILoggerFactory? loggers = null)
    {
        Database database = string.IsNullOrWhiteSpace(postgres)
            ? new SqliteDatabase(Path.Combine(dataDirectory, SqliteFileName))
            : new PostgresDatabase(postgres);
        try
        {
            var logger = loggers?.CreateLogger<Database>();
            var applied = MigrationRunner.Apply(database, Migration.Embedded(database.Provider));
            if (logger is not null && applied.Count > 0)
            {
                StorageLog.Migrated(logger, database.Description, applied[^1].Version, string.Join(", ", applied.Select(m => $"{m.Version:D4}_{m.Name}")));
            }

            LegacyKeysImport.Run(database, dataDirectory, logger);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>An open connection with this provider's per-connection settings applied; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            Prepare(connection);
            return connection;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await connection.DisposeAsync();
            throw CannotOpen(e);
        }
    }

    /// <summary>The same, blocking: for start-up work (migrations), which runs before anything is served.</summary>
    public DbConnection Open()
    {
        var connection = CreateConnection();
        try
        {
            connection.Open();
            Prepare(connection);
            return connection;
        }
        catch (Exception e)
        {
            connection.Dispose();
            throw CannotOpen(e);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when it returns and rolled back when it throws. On
    /// SQLite the transaction takes the write lock at once (<c>BEGIN IMMEDIATE</c>), so two writers queue on the busy
    /// timeout instead of one failing when it upgrades a read lock.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>A new, closed connection.</summary>
    protected abstract DbConnection CreateConnection();

    /// <summary>Settings that belong to each connection rather than to the database (SQLite's pragmas).</summary>
    protected virtual void Prepare(DbConnection connection)
    {
    }

    private StorageException CannotOpen(Exception e) => new($"cannot open {Description}: {e.Message}", e);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    protected abstract void Dispose(bool disposing);
}
