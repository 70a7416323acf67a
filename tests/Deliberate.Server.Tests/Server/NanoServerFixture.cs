using Deliberate.Server.Configuration;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// The server on <c>models/deliberate-nano.gguf</c> with its shipped settings and keys off, twice: as
/// <see cref="OpenModel"/> with sampling parameters open (so tests can ask for temperature 0: greedy, reproducible),
/// and as <see cref="StrictModel"/> under the OpenAI-strict policy, which refuses them as o3-mini does.
/// </summary>
public sealed class NanoServerFixture : IAsyncLifetime
{
    public const string OpenModel = BuiltinModels.DefaultId;
    public const string StrictModel = "nano-strict";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "deliberate-nano-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private DeliberateServer? _server;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var path = BuiltinModels.Locate() ?? throw new FileNotFoundException("models/deliberate-nano.gguf");
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.Off, DataDirectory = _dataDirectory, Threads = 2 };
        var open = BuiltinModels.Default(path);
        open.ParameterPolicy = ParameterPolicy.Open;
        options.Models.Add(open);
        var strict = BuiltinModels.Default(path);
        strict.Id = StrictModel;
        strict.Aliases = [];
        options.Models.Add(strict);
        _server = DeliberateServer.Create(options, logging: _ => { });
        await _server.StartAsync();
        BaseUrl = _server.Addresses[0].TrimEnd('/');
        using var http = new HttpClient();
        for (var i = 0; i < 600 && !(await http.GetAsync(BaseUrl + "/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
