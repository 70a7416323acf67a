namespace Deliberate.Engine.Sampling;

/// <summary>
/// Nucleus sampling: keeps the smallest set of most likely tokens whose probabilities sum to at least p
/// (at least one token). Sorts only as far as the nucleus reaches, widening the sorted prefix as needed.
/// </summary>
public sealed class TopPStage : ISamplerStage
{
    private readonly float _p;

    public TopPStage(float p)
    {
        if (!(p > 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "top_p must be in (0, 1]");
        }

        _p = p;
    }

    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        if (_p >= 1)
        {
            return;
        }

        candidates.Normalize();
        double cumulative = 0;
        var i = 0;
        while (true)
        {
            if (i >= candidates.SortedPrefix)
            {
                candidates.GrowSortedPrefix();
            }

            var items = candidates.Candidates;
            var end = candidates.SortedPrefix;
            for (; i < end; i++)
            {
                cumulative += items[i].Probability;
                if (cumulative >= _p)
                {
                    candidates.Truncate(i + 1);
                    return;
                }
            }

            if (end >= candidates.Count)
            {
                return; // rounding left the sum just under p: keep everything
            }
        }
    }
}
