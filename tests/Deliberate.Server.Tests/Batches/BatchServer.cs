using System.Net.Http.Headers;
using Deliberate.Server.Configuration;
using Deliberate.Server.Tests.Server;
using Deliberate.Server.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace Deliberate.Server.Tests.Batches;

/// <summary>
/// A real server for the Batch API tests on the shipped deliberate-nano, keys required, its storage on one provider
/// (<see cref="SqliteBatchServer"/>, <see cref="PostgresBatchServer"/>), and a clock the tests can move
/// (<see cref="Clock"/>). Each test asks for its own key, so its files and batches are its own.
/// </summary>
public abstract class BatchServer : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly List<HttpClient> _clients = [];
    private DeliberateServer? _server;

    public string DataDirectory => _directory.Path;
    public string? ConnectionString { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public ManualClock Clock { get; } = new();
    public LogCollector Logs { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.On, DataDirectory = DataDirectory, Database = ConnectionString, Threads = 1 };
        options.Models.Add(BuiltinModels.Default(RepositoryPaths.ShippedNano));
        _server = DeliberateServer.Create(options, logging: builder => builder.AddProvider(Logs), clock: Clock);
        await _server.StartAsync();
        BaseUrl = _server.Addresses[0].TrimEnd('/');
    }

    /// <summary>What the server logged at error level, with the exceptions (for a failing test's message).</summary>
    public string Errors() => string.Join("\n", Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Message}: {e.Exception}"));

    /// <summary>A client with a new key of its own, created while the server runs.</summary>
    public async Task<HttpClient> NewClientAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await NewKeyAsync());
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public Task<string> NewKeyAsync() => TestKeys.CreateAsync(DataDirectory, "batch-tests", ConnectionString);

    protected abstract Task<string?> CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }
}

public sealed class SqliteBatchServer : BatchServer
{
    protected override Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresBatchServer(PostgresCluster cluster) : BatchServer
{
    protected override async Task<string?> CreateDatabaseAsync() => await cluster.CreateDatabaseAsync();
}
