namespace Deliberate.Cli.Tests;

/// <summary>One <c>deliberate serve</c> process on deliberate-nano for a test class: keys off, a data directory of its own.</summary>
public sealed class NanoServe : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private ServeProcess? _server;

    public string BaseUrl => _server?.BaseUrl ?? throw new InvalidOperationException("not started");

    /// <summary>The API's base URL, as <c>--endpoint</c> takes it.</summary>
    public string Endpoint => BaseUrl + "/v1";

    public async Task InitializeAsync() =>
        _server = await ServeProcess.StartAsync("--model", RepositoryPaths.ShippedNano, "--data-dir", _data.Path, "--no-auth");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _data.Dispose();
    }
}
