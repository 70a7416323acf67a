using Deliberate.Evals.Reports;
using Deliberate.Evals.Running;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Tests;

public class EvalReportTests
{
    private static EvalSample Sample(string id, string task, ReasoningEffort effort, int k, bool correct, string key) =>
        new(id, task, "1", effort, k, correct, key, ReasoningTokens: 10 * (k + 1), OutputTokens: 20, Seconds: 0.5, Error: null);

    [Fact]
    public void FirstSampleAccuracyAndMajorityVotePerTaskAndEffort()
    {
        var samples = new List<EvalSample>
        {
            // q1: first sample wrong, majority right.
            Sample("q1", "add", ReasoningEffort.High, 0, false, "5"),
            Sample("q1", "add", ReasoningEffort.High, 1, true, "4"),
            Sample("q1", "add", ReasoningEffort.High, 2, true, "4"),
            // q2: first sample right, majority wrong.
            Sample("q2", "mul", ReasoningEffort.High, 0, true, "6"),
            Sample("q2", "mul", ReasoningEffort.High, 1, false, "7"),
            Sample("q2", "mul", ReasoningEffort.High, 2, false, "7"),
        };

        var report = EvalReport.Build("nano", "suite", samples, [ReasoningEffort.High]);

        Assert.Equal(3, report.Samples);
        var add = report.Rows.Single(r => r.Task == "add");
        Assert.Equal(0, add.Correct);
        Assert.Equal(1, add.VoteCorrect);
        var all = report.Rows.Single(r => r.Task == EvalReport.AllTasks);
        Assert.Equal(2, all.Items);
        Assert.Equal(0.5, all.Accuracy);
        Assert.Equal(0.5, all.VoteAccuracy);
        Assert.Equal(20.0, all.MeanReasoningTokens);
        Assert.Equal(40.0, all.TokensPerSecond);
        Assert.Contains("vote@3", EvalReportWriter.ToTable(report), StringComparison.Ordinal);
        Assert.Contains("\"vote_accuracy\": 0.5", EvalReportWriter.ToJson(report), StringComparison.Ordinal);
    }
}
