using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Deliberate.Server.Storage;

/// <summary>
/// API keys in the server's database. Only the SHA-256 of a key is stored. Keys are 32 random bytes, so a fast hash is
/// enough, and a key is found by its hash through the unique index: the time a lookup takes can only tell an attacker
/// about hashes of guesses, never about a stored key, whose preimage is out of reach.
/// </summary>
public sealed class ApiKeyStore(Database database)
{
    public const string KeyPrefix = "dlb-";

    /// <summary>Creates a key; the returned secret is shown once and never stored.</summary>
    public async Task<(ApiKeyRecord Record, string Secret)> CreateAsync(string? name, CancellationToken cancellationToken = default)
    {
        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var record = new ApiKeyRecord(id, name ?? "", secret[..8] + "…" + secret[^4..], DateTimeOffset.UtcNow.ToUnixTimeSeconds(), null);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, name, hint, sha256, created_at) VALUES (@Id, @Name, @Hint, @Hash, @CreatedAt)",
            new { record.Id, record.Name, record.Hint, Hash = Hash(secret), record.CreatedAt }, cancellationToken: cancellationToken));
        return (record, secret);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keys = await connection.QueryAsync<ApiKeyRecord>(new CommandDefinition(
            "SELECT id, name, hint, created_at, revoked_at FROM api_keys ORDER BY created_at, id", cancellationToken: cancellationToken));
        return keys.ToList();
    }

    /// <summary>Marks a key revoked; false when no active key has that id.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL",
            new { Id = id, Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>True once any key was created, revoked ones included: <c>auth: auto</c> then requires keys for good.</summary>
    public async Task<bool> AnyCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM (SELECT 1 FROM api_keys LIMIT 1) AS any_key", cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The id of the active key <paramref name="presented"/> is, or null when it is none.</summary>
    public async Task<string?> FindActiveAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (presented.Length is < 8 or > 256 || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT id FROM api_keys WHERE sha256 = @Hash AND revoked_at IS NULL", new { Hash = Hash(presented) }, cancellationToken: cancellationToken));
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
