using Deliberate.Evals.Running;
using Deliberate.Evals.Suites;

namespace Deliberate.Evals.Reports;

/// <summary>
/// What <c>eval --show-failures N</c> prints for a suite: up to N wrong replies (what was expected, what came back)
/// and up to N degenerate ones (what made them so), so a figure can be read back to the replies behind it.
/// </summary>
public static class FailureListing
{
    public static IEnumerable<string> Lines(EvalSuite suite, IReadOnlyList<EvalSample> results, int max)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(results);
        var items = suite.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var wrong in results.Where(r => !r.Correct && r.Error is null).Take(max))
        {
            var item = items[wrong.ItemId];
            var got = item.Expect is null ? (wrong.AnswerKey.Length > 0 ? wrong.AnswerKey : "no answer") : $"{wrong.AnswerKey}{Quoted(wrong.Excerpt)}";
            yield return $"wrong {wrong.ItemId} ({Effort(wrong)}): expected {item.DescribeExpectation()}, got {got}";
        }

        foreach (var degenerate in results.Where(r => r.Degeneracy is not null).Take(max))
        {
            yield return $"degenerate {degenerate.ItemId} ({Effort(degenerate)}): {degenerate.Degeneracy}{Quoted(degenerate.Excerpt)}";
        }
    }

    private static string Effort(EvalSample sample) => sample.Effort.ToString().ToLowerInvariant();

    private static string Quoted(string excerpt) => excerpt.Length == 0 ? "" : $": \"{excerpt}\"";
}
