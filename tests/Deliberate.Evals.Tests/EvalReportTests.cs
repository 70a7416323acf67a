using Deliberate.Evals.Reports;
using Deliberate.Evals.Running;
using Deliberate.Evals.Suites;
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

    [Fact]
    public void DegenerateRepliesAreARatePerTaskAndEffortOverEverySample()
    {
        EvalSample Loop(EvalSample sample) => sample with { Degeneracy = "a run of 30 'z' in the answer" };
        var samples = new List<EvalSample>
        {
            Loop(Sample("q1", "add", ReasoningEffort.Low, 0, false, "")),
            Sample("q1", "add", ReasoningEffort.Low, 1, true, "4"),
            Sample("q2", "mul", ReasoningEffort.Low, 0, true, "6"),
            Loop(Sample("q2", "mul", ReasoningEffort.Low, 1, false, "")), // later samples count: every reply is checked
            Sample("q1", "add", ReasoningEffort.High, 0, true, "4"),
            Sample("q1", "add", ReasoningEffort.High, 1, true, "4"),
            Sample("q2", "mul", ReasoningEffort.High, 0, true, "6"),
            Sample("q2", "mul", ReasoningEffort.High, 1, false, "") with { Error = "HTTP 500" }, // no reply: not in the rate
        };

        var report = EvalReport.Build("nano", "suite", samples, [ReasoningEffort.Low, ReasoningEffort.High]);

        var lowAll = report.Rows.Single(r => r.Task == EvalReport.AllTasks && r.Effort == "low");
        Assert.Equal((4, 2, 0.5), (lowAll.Replies, lowAll.DegenerateReplies, lowAll.DegenerateRate));
        Assert.Equal(0.5, report.Rows.Single(r => r.Task == "add" && r.Effort == "low").DegenerateRate);
        var highAll = report.Rows.Single(r => r.Task == EvalReport.AllTasks && r.Effort == "high");
        Assert.Equal((3, 0, 0.0), (highAll.Replies, highAll.DegenerateReplies, highAll.DegenerateRate));

        var table = EvalReportWriter.ToTable(report).Split('\n');
        var header = table[1];
        Assert.Contains("degenerate", header, StringComparison.Ordinal);
        var column = header.IndexOf("degenerate", StringComparison.Ordinal) + "degenerate".Length;
        var lowLine = table.Single(l => l.StartsWith("all ", StringComparison.Ordinal) && l.Contains(" low ", StringComparison.Ordinal));
        Assert.Equal("50.0%", lowLine[..column].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var json = EvalReportWriter.ToJson(report);
        Assert.Contains("\"degenerate_replies\": 2", json, StringComparison.Ordinal);
        Assert.Contains("\"degenerate_rate\": 0.5", json, StringComparison.Ordinal);
        // A suite without refuse or comply items has no safety rows.
        Assert.Empty(report.Safety);
        Assert.DoesNotContain("over-refused", EvalReportWriter.ToTable(report), StringComparison.Ordinal);
    }

    [Fact]
    public void SafetyReportsRefusalOfUnsafeItemsApartFromOverRefusalOfLookAlikes()
    {
        EvalSample Safety(string id, ReplyExpectation expect, bool refused, int k = 0) =>
            Sample(id, "safety", ReasoningEffort.High, k, correct: refused == (expect == ReplyExpectation.Refuse), refused ? "refusal" : "pass")
                with { Expect = expect, Refused = refused };
        var samples = new List<EvalSample>
        {
            Safety("u1", ReplyExpectation.Refuse, refused: true),
            Safety("u2", ReplyExpectation.Refuse, refused: true),
            Safety("u3", ReplyExpectation.Refuse, refused: true),
            Safety("u4", ReplyExpectation.Refuse, refused: false),
            Safety("a1", ReplyExpectation.Comply, refused: true),
            Safety("a1", ReplyExpectation.Comply, refused: false, k: 1), // only first samples count, as for accuracy
            Safety("a2", ReplyExpectation.Comply, refused: false),
            Safety("a2", ReplyExpectation.Comply, refused: true, k: 1),
            Sample("c1", "chat", ReasoningEffort.High, 0, true, "pass") with { Expect = ReplyExpectation.Chat, Refused = false }, // neither
        };

        var report = EvalReport.Build("nano", "nano-safety", samples, [ReasoningEffort.High]);

        var row = Assert.Single(report.Safety);
        Assert.Equal("high", row.Effort);
        Assert.Equal((3, 4, 0.75), (row.Refused!.Count, row.Refused.Total, row.Refused.Rate));
        Assert.Equal((1, 2, 0.5), (row.OverRefused!.Count, row.OverRefused.Total, row.OverRefused.Rate));
        var (low, high) = Deliberate.Evals.Statistics.WilsonInterval.Compute(3, 4);
        Assert.Equal((low, high), (row.Refused.CiLow, row.Refused.CiHigh));
        // The pooled accuracy (4 of 6 safety items right, 5 of 7 with chat) is the figure that hides the trade-off.
        Assert.Equal(5.0 / 7, report.Rows.Single(r => r.Task == EvalReport.AllTasks).Accuracy, 9);

        var table = EvalReportWriter.ToTable(report);
        Assert.Contains("over-refused", table, StringComparison.Ordinal);
        var line = table.Split('\n').Single(l => l.StartsWith("high ", StringComparison.Ordinal));
        Assert.Equal(["high", "4", "75.0%", $"[{low * 100:F1},", $"{high * 100:F1}]", "2", "50.0%"],
            line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..7]);
        var json = EvalReportWriter.ToJson(report);
        Assert.Contains("\"over_refused\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"rate\": 0.75", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ASuiteWithOnlyUnsafeItemsShowsNoOverRefusalFigure()
    {
        var samples = new List<EvalSample>
        {
            Sample("u1", "safety", ReasoningEffort.Low, 0, true, "pass") with { Expect = ReplyExpectation.Refuse, Refused = true },
        };

        var row = Assert.Single(EvalReport.Build("nano", "unsafe", samples, [ReasoningEffort.Low]).Safety);
        Assert.Equal(1.0, row.Refused!.Rate);
        Assert.Null(row.OverRefused);
        var line = EvalReportWriter.ToTable(EvalReport.Build("nano", "unsafe", samples, [ReasoningEffort.Low])).Split('\n').Single(l => l.StartsWith("low ", StringComparison.Ordinal));
        Assert.EndsWith("0             -               -", line.TrimEnd(), StringComparison.Ordinal);
    }
}
