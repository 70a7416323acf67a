using Deliberate.Evals.Reports;
using Deliberate.Evals.Running;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Tests;

public class EvalReportTests
{
    private static EvalSample Sample(string id, string task, ReasoningEffort effort, int k, bool correct, string key) =>
        new(id, task, "1", effort, k, correct, RightTool: null, key, ReasoningTokens: 10 * (k + 1), OutputTokens: 20, Seconds: 0.5, Error: null);

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
        Assert.Equal(2.0 / 3, add.MeanSampleAccuracy!.Value, 9); // two of q1's three samples are right
        Assert.Equal(0.5, all.MeanSampleAccuracy);
        Assert.Equal(20.0, all.MeanReasoningTokens);
        Assert.Equal(40.0, all.TokensPerSecond);
        Assert.Contains("vote@3", EvalReportWriter.ToTable(report), StringComparison.Ordinal);
        Assert.Contains("mean@3", EvalReportWriter.ToTable(report), StringComparison.Ordinal);
        Assert.Contains("\"vote_accuracy\": 0.5", EvalReportWriter.ToJson(report), StringComparison.Ordinal);
        // Answer items carry no right-tool flag, so the figure and its column stay away.
        Assert.Null(all.RightToolAccuracy);
        Assert.DoesNotContain("right tool", EvalReportWriter.ToTable(report), StringComparison.Ordinal);
    }

    [Fact]
    public void RightToolIsTheShareOfFirstSamplesOverToolItemsOnly()
    {
        EvalSample Tool(string id, int k, bool correct, bool? rightTool) =>
            Sample(id, "tool", ReasoningEffort.High, k, correct, "") with { RightTool = rightTool };
        var samples = new List<EvalSample>
        {
            Tool("t1", 0, true, true),
            Tool("t1", 1, false, false), // later samples do not count, as for accuracy
            Tool("t2", 0, false, true), // right tool, wrong argument values
            Tool("t2", 1, false, false),
            Tool("t3", 0, false, true),
            Tool("t3", 1, false, false),
            Tool("t4", 0, false, false),
            Tool("t4", 1, false, true),
            Sample("a1", "addition", ReasoningEffort.High, 0, true, "4"), // no flag: left out of the share
            Sample("a1", "addition", ReasoningEffort.High, 1, true, "4"),
        };

        var report = EvalReport.Build("nano", "suite", samples, [ReasoningEffort.High]);

        var tool = report.Rows.Single(r => r.Task == "tool");
        Assert.Equal(0.25, tool.Accuracy);
        Assert.Equal(0.75, tool.RightToolAccuracy);
        Assert.Null(report.Rows.Single(r => r.Task == "addition").RightToolAccuracy);
        Assert.Equal(0.75, report.Rows.Single(r => r.Task == EvalReport.AllTasks).RightToolAccuracy);
        var table = EvalReportWriter.ToTable(report).Split('\n');
        Assert.EndsWith("right tool", table[1].TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("75.0%", table.Single(l => l.StartsWith("tool ", StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("-", table.Single(l => l.StartsWith("addition ", StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("\"right_tool_accuracy\": 0.75", EvalReportWriter.ToJson(report), StringComparison.Ordinal);
    }
}
