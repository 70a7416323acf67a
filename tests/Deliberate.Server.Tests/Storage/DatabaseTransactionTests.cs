using Dapper;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Tests.Storage;

/// <summary><see cref="Database.InTransactionAsync"/> on both providers: the work's writes land together or not at all.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseTransactionTests(PostgresCluster cluster)
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task WorkThatReturnsIsCommittedAndWorkThatThrowsLeavesNothing(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        const string insert = "INSERT INTO api_keys (id, name, hint, sha256, created_at) VALUES (@Id, '', '', @Hash, 0)";

        var written = await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(insert, new { Id = "key_a", Hash = new byte[] { 1 } }, transaction);
            await connection.ExecuteAsync(insert, new { Id = "key_b", Hash = new byte[] { 2 } }, transaction);
            return 2;
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => database.InTransactionAsync<int>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(insert, new { Id = "key_c", Hash = new byte[] { 3 } }, transaction);
            throw new InvalidOperationException("the second half failed");
        }));

        Assert.Equal(2, written);
        Assert.Equal(["key_a", "key_b"], (await new ApiKeyStore(database).ListAsync()).Select(k => k.Id).ToArray());
    }
}
