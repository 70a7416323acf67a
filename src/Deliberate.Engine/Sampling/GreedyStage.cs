namespace Deliberate.Engine.Sampling;

/// <summary>Chooses the most likely token (lowest id on ties). Used for temperature 0.</summary>
public sealed class GreedyStage : ISamplerStage
{
    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        var best = candidates.ArgMax();
        if (float.IsNegativeInfinity(candidates.Candidates[best].Logit))
        {
            throw new SamplingException("every candidate token is masked out");
        }

        candidates.Select(best);
    }
}
