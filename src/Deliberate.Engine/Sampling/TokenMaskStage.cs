namespace Deliberate.Engine.Sampling;

/// <summary>Sets the logit of every token the mask forbids to -infinity.</summary>
public sealed class TokenMaskStage(ITokenMask mask) : ISamplerStage
{
    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        var items = candidates.Candidates;
        for (var i = 0; i < items.Length; i++)
        {
            if (!mask.IsAllowed(items[i].Id))
            {
                items[i].Logit = float.NegativeInfinity;
            }
        }

        candidates.LogitsChanged(orderPreserved: false);
    }
}
