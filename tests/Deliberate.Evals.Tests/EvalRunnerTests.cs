using Deliberate.Engine.Chat;
using Deliberate.Evals.Reports;
using Deliberate.Evals.Running;
using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Tests;

/// <summary>
/// The runner's sampling settings reach the engine: runs on the model a fresh clone ships, at low effort (answers
/// without thinking, so they are uncertain and sampling shows), on the first items of a committed suite.
/// </summary>
public sealed class EvalRunnerTests : IDisposable
{
    private readonly EngineChatClient _nano = EngineChatClient.Open(RepositoryPaths.ShippedNano,
        new ChatModelOptions { Threads = 2 });

    private readonly EvalSuite _suite = EvalSuite.Load(Path.Combine(RepositoryPaths.Root, "evals", "nano-arith.jsonl"));

    public void Dispose() => _nano.Dispose();

    private Task<IReadOnlyList<EvalSample>> Run(int samples, float temperature = 0.8f, float topP = 1f, float minP = 0f) =>
        new EvalRunner(_nano).RunAsync(_suite, new EvalRunOptions
        {
            Efforts = [ReasoningEffort.Low],
            Samples = samples,
            SampleTemperature = temperature,
            SampleTopP = topP,
            SampleMinP = minP,
            Limit = 6,
            Concurrency = 6,
        });

    private static Dictionary<string, string> Greedy(IReadOnlyList<EvalSample> run) => run.ToDictionary(s => s.ItemId, s => s.AnswerKey);

    [Fact]
    public async Task AVanishingTopPKeepsEverySampleOnTheGreedyAnswer()
    {
        var greedy = Greedy(await Run(samples: 1));
        var sampled = await Run(samples: 4, temperature: 1.5f, topP: 1e-6f);
        Assert.Equal(24, sampled.Count);
        Assert.All(sampled, s => Assert.Equal(greedy[s.ItemId], s.AnswerKey));
    }

    [Fact]
    public async Task AMinPOfOneKeepsOnlyTheTopTokenSoEverySampleIsGreedy()
    {
        var greedy = Greedy(await Run(samples: 1));
        var sampled = await Run(samples: 4, temperature: 1.5f, minP: 1f);
        Assert.Equal(24, sampled.Count);
        Assert.All(sampled, s => Assert.Equal(greedy[s.ItemId], s.AnswerKey));
    }

    [Fact]
    public async Task HotSamplesLeaveTheGreedyAnswerAndRepeatWithTheirSeed()
    {
        var greedy = Greedy(await Run(samples: 1));
        var first = await Run(samples: 4, temperature: 1.5f);
        var again = await Run(samples: 4, temperature: 1.5f);
        Assert.Contains(first, s => s.AnswerKey != greedy[s.ItemId]);
        Assert.Equal(first.Select(s => s.AnswerKey), again.Select(s => s.AnswerKey));

        var report = EvalReport.Build("nano", _suite.Name, first, [ReasoningEffort.Low]);
        var all = report.Rows.Single(r => r.Task == EvalReport.AllTasks);
        Assert.Equal(first.Count(s => s.Correct) / (double)first.Count, all.MeanSampleAccuracy);
    }
}
