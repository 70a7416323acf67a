namespace Deliberate.Engine.Sampling;

/// <summary>Keeps the k most likely tokens (partial selection, then a sort of those k only).</summary>
public sealed class TopKStage : ISamplerStage
{
    private readonly int _k;

    public TopKStage(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _k = k;
    }

    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        candidates.EnsureSortedPrefix(_k);
        candidates.Truncate(_k);
    }
}
