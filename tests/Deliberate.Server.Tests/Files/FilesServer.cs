using System.Net.Http.Headers;
using Deliberate.Server.Configuration;
using Deliberate.Server.Tests.Server;
using Deliberate.Server.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace Deliberate.Server.Tests.Files;

/// <summary>
/// A real server for the Files API tests, keys required, its storage on one provider: <see cref="SqliteFilesServer"/>
/// or <see cref="PostgresFilesServer"/>. The upload limit is small (<see cref="MaxFileBytes"/>) so the limit can be
/// crossed cheaply. Each test asks for its own key (<see cref="NewClientAsync"/>), so its files are its own.
/// </summary>
public abstract class FilesServer : IAsyncLifetime
{
    public const long MaxFileBytes = 1024 * 1024;

    private readonly TemporaryDirectory _directory = new();
    private readonly List<HttpClient> _clients = [];
    private DeliberateServer? _server;

    public string DataDirectory => _directory.Path;
    public string FilesDirectory => Path.Combine(DataDirectory, "files");
    public string? ConnectionString { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public LogCollector Logs { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        _server = DeliberateServer.Create(Options(DataDirectory, ConnectionString), logging: builder => builder.AddProvider(Logs));
        await _server.StartAsync();
        BaseUrl = _server.Addresses[0].TrimEnd('/');
    }

    /// <summary>The settings of a Files test server on this storage (crash tests start their own on a copy of them).</summary>
    public static ServerOptions Options(string dataDirectory, string? database)
    {
        var options = new ServerOptions
        {
            Listen = "http://127.0.0.1:0", Auth = AuthMode.On, DataDirectory = dataDirectory, Database = database, MaxFileBytes = MaxFileBytes, Threads = 1,
        };
        options.Models.Add(BuiltinModels.Default(RepositoryPaths.ShippedNano));
        return options;
    }

    /// <summary>A client with a new key of its own, created while the server runs (as <c>deliberate keys create</c> would).</summary>
    public async Task<HttpClient> NewClientAsync()
    {
        var key = await NewKeyAsync();
        // A request that asks to continue waits for the server's answer as long as a loaded machine needs (1 s by default).
        var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) };
        var client = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public Task<string> NewKeyAsync() => TestKeys.CreateAsync(DataDirectory, "files-tests", ConnectionString);

    /// <summary>Entries of the files directory other than its lock: stored bytes and unfinished uploads.</summary>
    public IReadOnlyList<string> FilesOnDisk() =>
        Directory.Exists(FilesDirectory) ? Directory.EnumerateFiles(FilesDirectory).Select(p => Path.GetFileName(p)).Where(n => n != ".lock").Order(StringComparer.Ordinal).ToList() : [];

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

public sealed class SqliteFilesServer : FilesServer
{
    protected override Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresFilesServer(PostgresCluster cluster) : FilesServer
{
    protected override async Task<string?> CreateDatabaseAsync() => await cluster.CreateDatabaseAsync();
}
