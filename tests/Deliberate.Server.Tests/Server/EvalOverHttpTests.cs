using System.ClientModel;
using System.ClientModel.Primitives;
using Deliberate.Engine.Chat;
using Deliberate.Evals.Running;
using Deliberate.Evals.Suites;
using Deliberate.Server.Configuration;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// <c>deliberate eval --endpoint</c>: a suite run through the OpenAI .NET SDK against a real server on the shipped
/// model scores what the in-process run scores, and a model under the OpenAI-strict policy (as o3-mini) is measured
/// with <see cref="EvalRunOptions.EndpointSampling"/>, since it refuses the temperature a greedy run sends.
/// </summary>
public sealed class EvalOverHttpTests(EvalServerFixture server) : IClassFixture<EvalServerFixture>
{
    private static readonly EvalSuite Arithmetic = EvalSuite.Load(Path.Combine(RepositoryPaths.Root, "evals", "nano-arith.jsonl"));

    private static EvalRunOptions HighEffort(bool endpointSampling = false) => new()
    {
        Efforts = [Microsoft.Extensions.AI.ReasoningEffort.High],
        Limit = 6,
        Concurrency = 3,
        EndpointSampling = endpointSampling,
    };

    private IChatClient Endpoint(string model) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = EvalEndpoint.ParseBaseUrl(server.BaseUrl + "/v1"), RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient(model).AsIChatClient();

    [Fact]
    public async Task AGreedyRunOverHttpScoresWhatTheInProcessRunScores()
    {
        using var inProcess = EngineChatClient.Open(RepositoryPaths.ShippedNano, new Engine.Chat.ChatModelOptions { Threads = 2 });
        var local = await new EvalRunner(inProcess).RunAsync(Arithmetic, HighEffort());
        using var endpoint = Endpoint(EvalServerFixture.OpenModel);
        var remote = await new EvalRunner(endpoint).RunAsync(Arithmetic, HighEffort());

        Assert.All(remote, r => Assert.Null(r.Error));
        Assert.Equal(local.Select(r => (r.ItemId, r.Correct, r.AnswerKey, r.ReasoningTokens)), remote.Select(r => (r.ItemId, r.Correct, r.AnswerKey, r.ReasoningTokens)));
        Assert.Contains(remote, r => r.Correct);
    }

    [Fact]
    public async Task AStrictModelRefusesTheGreedyTemperatureAndIsMeasuredWithTheEndpointsSampling()
    {
        using var endpoint = Endpoint(EvalServerFixture.StrictModel);
        var refused = await new EvalRunner(endpoint).RunAsync(Arithmetic, HighEffort());
        Assert.All(refused, r => Assert.True(EvalEndpoint.RejectedSampling(r.Error), r.Error));

        var first = await new EvalRunner(endpoint).RunAsync(Arithmetic, HighEffort(endpointSampling: true));
        var second = await new EvalRunner(endpoint).RunAsync(Arithmetic, HighEffort(endpointSampling: true));
        Assert.All(first, r => Assert.Null(r.Error));
        Assert.Contains(first, r => r.Correct);
        // Sampled at the server's temperature 1 but seeded (sample k: seed 1 + k), so a rerun draws the same answers.
        Assert.Equal(first.Select(r => (r.ItemId, r.AnswerKey)), second.Select(r => (r.ItemId, r.AnswerKey)));
    }
}

/// <summary>The shipped model served twice: as o3-mini under the OpenAI-strict policy, and open to sampling parameters.</summary>
public sealed class EvalServerFixture : IAsyncLifetime
{
    public const string StrictModel = "o3-mini";
    public const string OpenModel = "nano-open";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "deliberate-eval-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private DeliberateServer? _server;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.Off, DataDirectory = _dataDirectory, Threads = 2 };
        options.Models.Add(BuiltinModels.Default(RepositoryPaths.ShippedNano));
        var open = BuiltinModels.Default(RepositoryPaths.ShippedNano);
        open.Id = OpenModel;
        open.Aliases = [];
        open.ParameterPolicy = ParameterPolicy.Open;
        options.Models.Add(open);
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
