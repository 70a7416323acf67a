using Dapper;
using Microsoft.Data.Sqlite;

namespace Deliberate.Server.Storage;

/// <summary>
/// Servers before the shared database kept API keys in <c>keys.db</c> in the data directory. Its rows are copied into
/// the database (keys already there are kept), then the file is renamed <c>keys.db.imported</c>, so it is read once
/// and stays as a backup. A crash between the copy and the rename repeats a copy that changes nothing.
/// </summary>
internal static class LegacyKeysImport
{
    public const string FileName = "keys.db";

    public static void Run(Database database, string dataDirectory, ILogger? logger)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        var source = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        List<LegacyKey> keys;
        try
        {
            using var legacy = new SqliteConnection(source);
            legacy.Open();
            keys = legacy.Query<LegacyKey>("SELECT id, name, hint, sha256, created_at, revoked_at FROM api_keys").ToList();
        }
        catch (SqliteException e)
        {
            throw new StorageException($"cannot import the API keys of {path}: {e.Message}; move the file away to start without them", e);
        }

        using (var connection = database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var key in keys)
            {
                connection.Execute("""
                    INSERT INTO api_keys (id, name, hint, sha256, created_at, revoked_at)
                    VALUES (@Id, @Name, @Hint, @Sha256, @CreatedAt, @RevokedAt) ON CONFLICT DO NOTHING
                    """, key, transaction);
            }

            transaction.Commit();
        }

        var renamed = path + ".imported";
        File.Move(path, renamed, overwrite: true);
        if (logger is not null)
        {
            StorageLog.KeysImported(logger, keys.Count, path, database.Description, renamed);
        }
    }

    private sealed record LegacyKey(string Id, string Name, string Hint, byte[] Sha256, long CreatedAt, long? RevokedAt);
}
