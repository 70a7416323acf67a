namespace Deliberate.Engine.Sampling;

/// <summary>
/// Min-p: keeps tokens whose probability is at least <c>min_p</c> times the top token's. In logits that is
/// <c>logit ≥ max + ln(min_p)</c>, so no softmax or sort is needed.
/// </summary>
public sealed class MinPStage : ISamplerStage
{
    private readonly float _logMinP;

    public MinPStage(float minP)
    {
        if (!(minP > 0 && minP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minP), "min_p must be in (0, 1]");
        }

        _logMinP = MathF.Log(minP);
    }

    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        var max = candidates.Candidates[candidates.ArgMax()].Logit;
        candidates.KeepAtLeast(max + _logMinP);
    }
}
