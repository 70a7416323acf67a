namespace Deliberate.Evals.Statistics;

/// <summary>
/// Self-consistency: the most frequent non-empty answer among samples (o3-mini's consensus@N). Ties go to the
/// answer seen first, so the result does not depend on hash order.
/// </summary>
public static class MajorityVote
{
    /// <summary>The winning answer key, or empty when no sample produced an answer.</summary>
    public static string Winner(IEnumerable<string> answerKeys)
    {
        ArgumentNullException.ThrowIfNull(answerKeys);
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var key in answerKeys)
        {
            if (key.Length > 0)
            {
                counts[key] = counts.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.First) : (1, index);
            }

            index++;
        }

        return counts.Count == 0 ? "" : counts.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Value.First).First().Key;
    }
}
