using Deliberate.Server.Storage;
using Deliberate.Server.Tests.Server;

namespace Deliberate.Server.Tests.Storage;

/// <summary>
/// A fresh place to store things for one test: a temporary data directory, plus a new PostgreSQL database when the
/// provider is PostgreSQL (SQLite lives in the data directory). <see cref="Open"/> opens it as the server would.
/// </summary>
public sealed class TestStorage : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private TestStorage(DatabaseProvider provider, string? connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }
    public string DataDirectory => _directory.Path;

    /// <summary>The server's <c>database</c> setting: null for SQLite.</summary>
    public string? ConnectionString { get; }

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    public static async Task<TestStorage> CreateAsync(DatabaseProvider provider, PostgresCluster cluster) =>
        new(provider, provider == DatabaseProvider.Postgres ? await cluster.CreateDatabaseAsync() : null);

    public Database Open() => Database.Open(DataDirectory, ConnectionString);

    public void Dispose() => _directory.Dispose();
}
