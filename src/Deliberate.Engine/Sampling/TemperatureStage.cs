namespace Deliberate.Engine.Sampling;

/// <summary>Divides logits by the temperature (&gt; 0); order is preserved. Temperature 0 is handled as greedy by the chain.</summary>
public sealed class TemperatureStage : ISamplerStage
{
    private readonly float _inverse;

    public TemperatureStage(float temperature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        _inverse = 1 / temperature;
    }

    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        foreach (ref var candidate in candidates.Candidates)
        {
            candidate.Logit *= _inverse;
        }

        candidates.LogitsChanged(orderPreserved: true);
    }
}
