using Dapper;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Tests.Storage;

/// <summary>The schema migrations, on both providers: applied once in order, all or nothing, and never run backwards.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresCluster cluster)
{
    [Fact]
    public void EveryStepExistsForBothProvidersUnderTheSameNumberAndName()
    {
        var sqlite = Migration.Embedded(DatabaseProvider.Sqlite);
        var postgres = Migration.Embedded(DatabaseProvider.Postgres);

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite.Select(m => (m.Version, m.Name)), postgres.Select(m => (m.Version, m.Name)));
        Assert.Equal(Enumerable.Range(1, sqlite.Count), sqlite.Select(m => m.Version));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AFreshDatabaseGetsEveryStepOnceAndAReopenedOneNone(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        var steps = Migration.Embedded(provider);

        using (var database = storage.Open())
        {
            Assert.Empty(MigrationRunner.Apply(database, steps));
            await using var connection = await database.OpenAsync();
            var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version")).ToList();
            Assert.Equal(steps.Select(s => (long)s.Version), versions);
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM files"));
        }

        using var reopened = storage.Open();
        Assert.Empty(MigrationRunner.Apply(reopened, steps));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AFailingStepLeavesTheSchemaAsItWas(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        var current = Migration.Embedded(provider).Count;
        var next = new Migration(current + 1, "good", "CREATE TABLE added_by_a_test (id INTEGER)");
        var broken = new Migration(current + 2, "broken", "CREATE TABLE nonsense (");

        var e = Assert.Throws<StorageException>(() => MigrationRunner.Apply(database, [.. Migration.Embedded(provider), next, broken]));

        Assert.Contains($"{current + 2:D4}_broken", e.Message, StringComparison.Ordinal);
        await using var connection = await database.OpenAsync();
        Assert.Equal(current, await connection.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_version"));
        // The good step ran in the same transaction as the broken one, so it is gone too.
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version WHERE version = @v", new { v = current }));
        Assert.Empty(MigrationRunner.Apply(database, Migration.Embedded(provider)));
        Assert.Single(MigrationRunner.Apply(database, [.. Migration.Embedded(provider), next]));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task ADatabaseFromANewerServerIsRefusedNamingBothVersions(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        var current = Migration.Embedded(provider).Count;
        using (var database = storage.Open())
        {
            MigrationRunner.Apply(database, [.. Migration.Embedded(provider), new Migration(current + 1, "from_the_future", "CREATE TABLE future (id INTEGER)")]);
        }

        var e = Assert.Throws<StorageException>(storage.Open);

        Assert.Contains($"schema version {current + 1}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"this server's {current}", e.Message, StringComparison.Ordinal);
    }
}
