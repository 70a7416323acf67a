namespace Deliberate.Engine.Sampling;

/// <summary>The final draw: picks one candidate with probability proportional to its softmax weight, from a seeded RNG.</summary>
public sealed class DrawStage(Xoshiro256StarStar random) : ISamplerStage
{
    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        candidates.Normalize();
        var items = candidates.Candidates;
        var r = random.NextDouble();
        double cumulative = 0;
        for (var i = 0; i < items.Length; i++)
        {
            cumulative += items[i].Probability;
            if (r < cumulative)
            {
                candidates.Select(i);
                return;
            }
        }

        // r fell into the rounding gap above the float sum: take the last token with any weight.
        for (var i = items.Length - 1; i >= 0; i--)
        {
            if (items[i].Probability > 0)
            {
                candidates.Select(i);
                return;
            }
        }

        throw new SamplingException("no candidate has positive probability");
    }
}
