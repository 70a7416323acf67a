using System.Net.Http.Headers;
using Deliberate.Engine.Synthesis;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// One real server for a test class: a tiny synthetic qwen3 GGUF (random weights, real tokenizer and chat template),
/// served on 127.0.0.1:0 with API keys on and one key created in a temporary data directory.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const int ContextSize = 1536;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "deliberate-server-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private DeliberateServer? _server;

    public string BaseUrl { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string ModelPath => Path.Combine(_directory, "tiny.gguf");
    public string DataDirectory => Path.Combine(_directory, "data");
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        SyntheticModel.Write(ModelPath, SynthShape.Get("qwen3", "tiny"), "f32", seed: 7);
        Key = new ApiKeyStore(DataDirectory).Create("tests").Secret;
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.On, DataDirectory = DataDirectory, Threads = 1 };
        var model = BuiltinModels.Default(ModelPath);
        model.ContextSize = ContextSize;
        model.DefaultMaxCompletionTokens = 24;
        model.ThinkingBudgets = new EffortBudgets { Low = 2, Medium = 4, High = 8 };
        options.Models.Add(model);
        var open = BuiltinModels.Default(ModelPath);
        open.Id = "tiny-open";
        open.Aliases = [];
        open.ContextSize = ContextSize;
        open.ParameterPolicy = ParameterPolicy.Open;
        options.Models.Add(open);
        _server = DeliberateServer.Create(options, logging: _ => { });
        await _server.StartAsync();
        BaseUrl = _server.Addresses[0].TrimEnd('/');
        Http.BaseAddress = new Uri(BaseUrl);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        for (var i = 0; i < 600 && !(await Http.GetAsync("/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
