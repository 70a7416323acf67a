using Dapper;

namespace Deliberate.Server.Storage;

/// <summary>
/// Brings a database's schema up to this build's: the versions applied so far are rows of <c>schema_version</c>, and
/// the missing steps run in order in one transaction with their rows, so a failed step leaves the schema as it was.
/// On PostgreSQL an advisory lock makes servers that start together take turns; SQLite's immediate transaction does
/// the same. A database already past the newest step this build knows was written by a newer server: refused.
/// </summary>
public static class MigrationRunner
{
    /// <summary>Any fixed number: the PostgreSQL advisory lock that migrating servers share.</summary>
    private const long PostgresLockKey = 0x64_6c_62_73_63_68_65_6d; // "dlbschem"

    /// <returns>The steps applied now (none when the schema was current).</returns>
    public static IReadOnlyList<Migration> Apply(Database database, IReadOnlyList<Migration> migrations)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLockKey }, transaction);
        }

        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", transaction: transaction);
        var current = connection.ExecuteScalar<long>("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction: transaction);
        var newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > newest)
        {
            throw new StorageException($"{database.Description} has schema version {current}, newer than this server's {newest}: it was last used by a newer deliberate; run that version (or newer) instead");
        }

        var applied = new List<Migration>();
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            try
            {
                connection.Execute(migration.Sql, transaction: transaction);
            }
            catch (Exception e) when (e is System.Data.Common.DbException)
            {
                throw new StorageException($"migrating {database.Description} failed at step {migration.Version:D4}_{migration.Name}: {e.Message}; nothing was changed", e);
            }

            connection.Execute("INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { migration.Version, migration.Name, At = DateTimeOffset.UtcNow.ToUnixTimeSeconds() }, transaction);
            applied.Add(migration);
        }

        transaction.Commit();
        return applied;
    }
}
