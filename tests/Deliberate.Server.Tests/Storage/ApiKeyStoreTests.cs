using Dapper;
using Deliberate.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Deliberate.Server.Tests.Storage;

/// <summary>The API-key store on both providers, and the import of the <c>keys.db</c> that servers before the shared database kept.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiKeyStoreTests(PostgresCluster cluster)
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task CreatedKeysAreFoundListedAndRevoked(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        var store = new ApiKeyStore(database);

        var (first, secret) = await store.CreateAsync("laptop");
        var (second, _) = await store.CreateAsync(null);

        Assert.Matches("^dlb-[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal(first.Id, await store.FindActiveAsync(secret));
        Assert.Null(await store.FindActiveAsync(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(await store.FindActiveAsync("sk-not-ours"));
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), (await store.ListAsync()).Select(k => k.Id).Order(StringComparer.Ordinal));
        Assert.True(await store.RevokeAsync(first.Id));
        Assert.False(await store.RevokeAsync(first.Id), "a revoked key cannot be revoked again");
        Assert.Null(await store.FindActiveAsync(secret));
        Assert.NotNull((await store.ListAsync()).Single(k => k.Id == first.Id).RevokedAt);
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task TheStoreKeepsOnlyAHashOfEachKey(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        var (_, secret) = await new ApiKeyStore(database).CreateAsync("hash-check");

        await using var connection = await database.OpenAsync();
        var row = (IDictionary<string, object>)await connection.QuerySingleAsync("SELECT * FROM api_keys");
        foreach (var value in row.Values)
        {
            var text = value is byte[] bytes ? Convert.ToHexString(bytes) + System.Text.Encoding.Latin1.GetString(bytes) : value?.ToString() ?? "";
            Assert.DoesNotContain(secret[8..], text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task TheStoreRemembersThatAKeyWasCreatedAfterItIsRevoked(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using (var database = storage.Open())
        {
            var store = new ApiKeyStore(database);
            Assert.False(await store.AnyCreatedAsync());
            var (record, _) = await store.CreateAsync(null);
            Assert.True(await store.RevokeAsync(record.Id));
            Assert.True(await store.AnyCreatedAsync());
        }

        using var reopened = storage.Open();
        Assert.True(await new ApiKeyStore(reopened).AnyCreatedAsync());
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AKeysDbFromAnEarlierServerIsImportedOnceAndKeptAsABackup(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        var legacy = Path.Combine(storage.DataDirectory, "keys.db");
        const string secret = "dlb-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        WriteLegacyKeysDb(legacy, ("key_000000000001", "old laptop", secret, null), ("key_000000000002", "leaked", "dlb-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", 1_700_000_100L));

        using (var database = storage.Open())
        {
            var store = new ApiKeyStore(database);
            Assert.Equal("key_000000000001", await store.FindActiveAsync(secret));
            var keys = await store.ListAsync();
            Assert.Equal(["key_000000000001", "key_000000000002"], keys.Select(k => k.Id).ToArray());
            Assert.Equal("old laptop", keys[0].Name);
            Assert.Equal(1_700_000_100L, keys[1].RevokedAt);
        }

        Assert.False(File.Exists(legacy));
        Assert.True(File.Exists(legacy + ".imported"));

        // A crash between the copy and the rename leaves keys.db in place: importing it again changes nothing.
        File.Copy(legacy + ".imported", legacy);
        using var again = storage.Open();
        Assert.Equal(2, (await new ApiKeyStore(again).ListAsync()).Count);
    }

    /// <summary>keys.db exactly as ApiKeyStore wrote it before the shared database: the same table, a SHA-256 per key.</summary>
    private static void WriteLegacyKeysDb(string path, params (string Id, string Name, string Secret, long? RevokedAt)[] keys)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS api_keys (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, hint TEXT NOT NULL, sha256 BLOB NOT NULL UNIQUE,
              created_at INTEGER NOT NULL, revoked_at INTEGER)
            """);
        foreach (var key in keys)
        {
            connection.Execute("INSERT INTO api_keys VALUES (@Id, @Name, @Hint, @Hash, @Created, @RevokedAt)", new
            {
                key.Id, key.Name, Hint = key.Secret[..8] + "…" + key.Secret[^4..],
                Hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.Secret)),
                Created = 1_700_000_000L, key.RevokedAt,
            });
        }
    }
}
