using System.ClientModel;
using System.ClientModel.Primitives;
using Deliberate.Engine.Chat;
using Deliberate.Evals.Running;
using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// <c>deliberate eval --endpoint</c>: a suite run through the OpenAI .NET SDK against a real server on the shipped
/// model scores what the in-process run scores, and a model under the OpenAI-strict policy (as o3-mini) is measured
/// with <see cref="EvalRunOptions.EndpointSampling"/>, since it refuses the temperature a greedy run sends.
/// </summary>
public sealed class EvalOverHttpTests(NanoServerFixture server) : IClassFixture<NanoServerFixture>
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
        using var endpoint = Endpoint(NanoServerFixture.OpenModel);
        var remote = await new EvalRunner(endpoint).RunAsync(Arithmetic, HighEffort());

        Assert.All(remote, r => Assert.Null(r.Error));
        Assert.Equal(local.Select(r => (r.ItemId, r.Correct, r.AnswerKey, r.ReasoningTokens)), remote.Select(r => (r.ItemId, r.Correct, r.AnswerKey, r.ReasoningTokens)));
        Assert.Contains(remote, r => r.Correct);
    }

    [Fact]
    public async Task AStrictModelRefusesTheGreedyTemperatureAndIsMeasuredWithTheEndpointsSampling()
    {
        using var endpoint = Endpoint(NanoServerFixture.StrictModel);
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
