using Deliberate.Server.Tests.Server;
using Xunit.Abstractions;

namespace Deliberate.Server.Tests.Clients;

/// <summary>
/// The official <c>openai</c> npm client, unchanged, against the real server over loopback: each
/// <c>tests/clients/*.test.js</c> file is one case, failing with Node's TAP output when any test in it fails.
/// The packages come from <c>tests/setup.sh</c> (pinned in tests/clients/package.json).
/// </summary>
public sealed class NodeClientTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private static readonly string SuiteDirectory = Path.Combine(RepositoryPaths.Root, "tests", "clients");

    /// <summary>Every suite file in tests/clients.</summary>
    public static TheoryData<string> Suites()
    {
        var suites = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(SuiteDirectory, "*.test.js").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            suites.Add(file!);
        }

        return suites;
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public Task OpenAINpmClient(string suite) => RunSuiteAsync(suite);

    private async Task RunSuiteAsync(string suite)
    {
        Assert.True(File.Exists(Path.Combine(SuiteDirectory, "node_modules", "openai", "package.json")),
            "the openai npm package is missing: run tests/setup.sh");
        var budgets = ServerFixture.ThinkingBudgets;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DELIBERATE_BASE_URL"] = server.BaseUrl + "/v1",
            ["DELIBERATE_API_KEY"] = server.Key,
            ["DELIBERATE_THINKING_MODEL"] = ServerFixture.ThinkingModel,
            ["DELIBERATE_THINKING_BUDGETS"] = FormattableString.Invariant($"low:{budgets.Low},medium:{budgets.Medium},high:{budgets.High}"),
            ["DELIBERATE_NO_REFUSAL_BIAS"] = NoRefusalBias(),
            ["NODE_NO_WARNINGS"] = "1",
        };
        var run = await NodeTestRun.RunAsync(Path.Combine(SuiteDirectory, suite), environment, TimeSpan.FromMinutes(3));
        // The per-test verdicts, so a passing case still shows in the TRX which Node tests it covered.
        foreach (var verdict in run.Output.Split('\n').Where(line => line.StartsWith("ok ", StringComparison.Ordinal) || line.StartsWith("not ok ", StringComparison.Ordinal)))
        {
            output.WriteLine(verdict);
        }

        Assert.True(run.ExitCode == 0 && run.Failed == 0 && run.Passed > 0,
            $"{suite}: {run.Passed} passed, {run.Failed} failed, exit {run.ExitCode}\n{run.Output}");
    }

    /// <summary>
    /// A logit_bias (JSON) that keeps the random test model from opening a refusal, so suites that check JSON answers
    /// get JSON; refusals themselves are covered by RefusalTests.
    /// </summary>
    private string NoRefusalBias()
    {
        var tokenizer = server.LoadTokenizer();
        var first = Deliberate.Engine.Chat.OutputConstraints.DefaultRefusalPrefixes.Select(p => tokenizer.Encode(p, addSpecial: false)[0]).Distinct();
        return "{" + string.Join(",", first.Select(id => FormattableString.Invariant($"\"{id}\":-100"))) + "}";
    }
}
