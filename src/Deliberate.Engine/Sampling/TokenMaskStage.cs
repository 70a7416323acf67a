namespace Deliberate.Engine.Sampling;

/// <summary>Sets the logit of every token the mask forbids to -infinity, using a bitset allocated once.</summary>
public sealed class TokenMaskStage : ISamplerStage
{
    private readonly ITokenMask _mask;
    private readonly ulong[] _bits;

    public TokenMaskStage(int vocabularySize, ITokenMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        _mask = mask;
        _bits = new ulong[(vocabularySize + 63) / 64];
    }

    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        Array.Clear(_bits);
        _mask.FillMask(_bits);
        foreach (ref var candidate in candidates.Candidates)
        {
            var id = candidate.Id;
            if ((_bits[id >> 6] & (1UL << (id & 63))) == 0)
            {
                candidate.Logit = float.NegativeInfinity;
            }
        }

        candidates.LogitsChanged(orderPreserved: false);
    }
}
