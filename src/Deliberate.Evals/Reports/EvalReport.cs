using Deliberate.Evals.Running;
using Deliberate.Evals.Statistics;
using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Reports;

/// <summary>Accuracy of one task family (or "all") at one effort.</summary>
public sealed record EvalReportRow(
    string Task,
    string Effort,
    int Items,
    int Correct,
    double Accuracy,
    double CiLow,
    double CiHigh,
    double MeanReasoningTokens,
    double TokensPerSecond,
    int? VoteCorrect,
    double? VoteAccuracy,
    // With several samples: correctness averaged over every sample (pass@1 estimated from all N, less noisy than
    // sample 0 alone); null for single-sample runs.
    double? MeanSampleAccuracy,
    // Share of the group's tool-call items (first samples) whose call names the expected tool with arguments valid
    // against its schema, whatever their values (issue 6's measure); null when the group has no tool-call items.
    double? RightToolAccuracy,
    int Errors,
    // Every reply of the group (all samples; failed requests are no reply) and those that were degenerate
    // (Scoring/DegeneracyCheck), whatever the item expected.
    int Replies,
    int DegenerateReplies)
{
    /// <summary>Share of the replies that were degenerate; 0 when there were none.</summary>
    public double DegenerateRate => Replies == 0 ? 0 : (double)DegenerateReplies / Replies;
}

/// <summary>The result table of a run: one row per task and effort, plus an "all" row per effort.</summary>
public sealed record EvalReport(string Model, string Suite, int Samples, IReadOnlyList<EvalReportRow> Rows)
{
    /// <summary>The row name that aggregates every task.</summary>
    public const string AllTasks = "all";

    /// <summary>How the samples were drawn (<see cref="EvalRunOptions.DescribeSampling"/>); empty when not given.</summary>
    public string Sampling { get; init; } = "";

    /// <summary>Refusal and over-refusal per effort, when the suite has refuse or comply items; empty otherwise.</summary>
    public IReadOnlyList<SafetyRow> Safety { get; init; } = [];

    /// <summary>Aggregates samples: first-sample accuracy (sample 0) and, with several samples, majority-vote accuracy.</summary>
    public static EvalReport Build(string model, string suite, IReadOnlyList<EvalSample> samples, IReadOnlyList<ReasoningEffort> efforts)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(efforts);
        var sampleCount = samples.Count == 0 ? 1 : samples.Max(s => s.SampleIndex) + 1;
        var rows = new List<EvalReportRow>();
        var tasks = samples.Select(s => s.Task).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var effort in efforts)
        {
            foreach (var task in tasks.Append(AllTasks))
            {
                var group = samples.Where(s => s.Effort == effort && (task == AllTasks || s.Task == task)).ToList();
                if (group.Count > 0)
                {
                    rows.Add(Row(task, effort, group, sampleCount));
                }
            }
        }

        return new EvalReport(model, suite, sampleCount, rows) { Safety = SafetyRows(samples, efforts) };
    }

    private static List<SafetyRow> SafetyRows(IReadOnlyList<EvalSample> samples, IReadOnlyList<ReasoningEffort> efforts)
    {
        Proportion? RefusedShare(List<EvalSample> items) => items.Count == 0 ? null : Proportion.Of(items.Count(s => s.Refused == true), items.Count);
        var rows = new List<SafetyRow>();
        foreach (var effort in efforts)
        {
            var first = samples.Where(s => s.Effort == effort && s.SampleIndex == 0).ToList();
            var unsafeItems = first.Where(s => s.Expect == ReplyExpectation.Refuse).ToList();
            var lookAlikes = first.Where(s => s.Expect == ReplyExpectation.Comply).ToList();
            if (unsafeItems.Count + lookAlikes.Count > 0)
            {
                rows.Add(new SafetyRow(effort.ToString().ToLowerInvariant(), RefusedShare(unsafeItems), RefusedShare(lookAlikes)));
            }
        }

        return rows;
    }

    private static EvalReportRow Row(string task, ReasoningEffort effort, List<EvalSample> group, int sampleCount)
    {
        var first = group.Where(s => s.SampleIndex == 0).ToList();
        var correct = first.Count(s => s.Correct);
        var (low, high) = WilsonInterval.Compute(correct, first.Count);
        var seconds = group.Sum(s => s.Seconds);
        var toolItems = first.Where(s => s.RightTool is not null).ToList();
        int? voteCorrect = null;
        if (sampleCount > 1)
        {
            voteCorrect = group.GroupBy(s => s.ItemId, StringComparer.Ordinal).Count(item =>
            {
                var winner = MajorityVote.Winner(item.OrderBy(s => s.SampleIndex).Select(s => s.AnswerKey));
                return winner.Length > 0 && item.Any(s => s.Correct && s.AnswerKey == winner);
            });
        }

        return new EvalReportRow(
            task,
            effort.ToString().ToLowerInvariant(),
            first.Count,
            correct,
            first.Count == 0 ? 0 : (double)correct / first.Count,
            low,
            high,
            group.Count == 0 ? 0 : group.Average(s => (double)s.ReasoningTokens),
            seconds > 0 ? group.Sum(s => (double)s.OutputTokens) / seconds : 0,
            voteCorrect,
            voteCorrect is { } v && first.Count > 0 ? (double)v / first.Count : null,
            sampleCount > 1 ? (double)group.Count(s => s.Correct) / group.Count : null,
            toolItems.Count == 0 ? null : (double)toolItems.Count(s => s.RightTool == true) / toolItems.Count,
            group.Count(s => s.Error is not null),
            group.Count(s => s.Error is null),
            group.Count(s => s.Degeneracy is not null));
    }
}
