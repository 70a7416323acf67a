using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Deliberate.Server.Storage;

/// <summary>
/// API keys in SQLite (<c>keys.db</c> in the data directory). Only the SHA-256 of a key is stored; keys are
/// 32 random bytes, so a fast hash is enough. Verification compares hashes in constant time.
/// </summary>
public sealed class ApiKeyStore
{
    public const string KeyPrefix = "dlb-";
    private readonly string _connectionString;

    public ApiKeyStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.Combine(dataDirectory, "keys.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
        using var connection = Open();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS api_keys (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, hint TEXT NOT NULL, sha256 BLOB NOT NULL UNIQUE,
              created_at INTEGER NOT NULL, revoked_at INTEGER)
            """);
    }

    public string DatabasePath { get; }

    /// <summary>Creates a key; the returned secret is shown once and never stored.</summary>
    public (ApiKeyRecord Record, string Secret) Create(string? name)
    {
        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var record = new ApiKeyRecord(id, name ?? "", secret[..8] + "…" + secret[^4..], DateTimeOffset.UtcNow.ToUnixTimeSeconds(), null);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (id, name, hint, sha256, created_at) VALUES ($id, $name, $hint, $hash, $created)";
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$name", record.Name);
        command.Parameters.AddWithValue("$hint", record.Hint);
        command.Parameters.AddWithValue("$hash", Hash(secret));
        command.Parameters.AddWithValue("$created", record.CreatedAt);
        command.ExecuteNonQuery();
        return (record, secret);
    }

    public IReadOnlyList<ApiKeyRecord> List()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, hint, created_at, revoked_at FROM api_keys ORDER BY created_at, id";
        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (reader.Read())
        {
            keys.Add(new ApiKeyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
        }

        return keys;
    }

    /// <summary>Marks a key revoked; false when no active key has that id.</summary>
    public bool Revoke(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_at = $now WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>True once any key was created, revoked ones included: <c>auth: auto</c> then requires keys for good.</summary>
    public bool AnyCreated()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM api_keys)";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>True when <paramref name="presented"/> is an active key. Every active hash is compared, in constant time each.</summary>
    public bool Verify(string presented)
    {
        if (presented.Length is < 8 or > 256 || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hash = Hash(presented);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sha256 FROM api_keys WHERE revoked_at IS NULL";
        using var reader = command.ExecuteReader();
        var match = false;
        while (reader.Read())
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, (byte[])reader[0]);
        }

        return match;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A stored key without its secret: id, name, a display hint (<c>dlb-abcd…wxyz</c>), times in Unix seconds.</summary>
public sealed record ApiKeyRecord(string Id, string Name, string Hint, long CreatedAt, long? RevokedAt);
