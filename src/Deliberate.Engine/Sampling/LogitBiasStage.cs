namespace Deliberate.Engine.Sampling;

/// <summary>Adds a fixed bias to chosen tokens' logits (OpenAI's <c>logit_bias</c>; -100 effectively bans a token).</summary>
public sealed class LogitBiasStage : ISamplerStage
{
    private readonly int[] _ids;
    private readonly float[] _biases;

    public LogitBiasStage(IReadOnlyDictionary<int, float> bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        _ids = [.. bias.Keys];
        _biases = [.. bias.Values];
    }

    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        RequireIdentity(candidates, nameof(LogitBiasStage));
        var items = candidates.Candidates;
        for (var i = 0; i < _ids.Length; i++)
        {
            if ((uint)_ids[i] < (uint)items.Length)
            {
                items[_ids[i]].Logit += _biases[i];
            }
        }

        candidates.LogitsChanged(orderPreserved: false);
    }

    internal static void RequireIdentity(CandidateBuffer candidates, string stage)
    {
        if (!candidates.IsIdentityOrder)
        {
            throw new InvalidOperationException($"{stage} must run before any stage that reorders or removes candidates");
        }
    }
}
