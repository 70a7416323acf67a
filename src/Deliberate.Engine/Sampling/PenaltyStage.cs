namespace Deliberate.Engine.Sampling;

/// <summary>
/// Repetition, presence and frequency penalties over a window of recent tokens, as llama.cpp applies them:
/// a repeated token's logit is divided by <c>repetition</c> when positive (multiplied when negative), then
/// reduced by <c>frequency × count + presence</c>. Counting uses a preallocated per-token array, reset after use.
/// </summary>
public sealed class PenaltyStage : ISamplerStage
{
    private readonly float _repetition;
    private readonly float _presence;
    private readonly float _frequency;
    private readonly int _window;
    private readonly int[] _counts;

    public PenaltyStage(int vocabularySize, int window, float repetition, float presence, float frequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repetition);
        _counts = new int[vocabularySize];
        _window = window;
        _repetition = repetition;
        _presence = presence;
        _frequency = frequency;
    }

    public void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens)
    {
        LogitBiasStage.RequireIdentity(candidates, nameof(PenaltyStage));
        var window = recentTokens.Length > _window ? recentTokens[^_window..] : recentTokens;
        foreach (var token in window)
        {
            if ((uint)token < (uint)_counts.Length)
            {
                _counts[token]++;
            }
        }

        var items = candidates.Candidates;
        foreach (var token in window)
        {
            if ((uint)token >= (uint)_counts.Length || _counts[token] == 0)
            {
                continue; // out of range, or already penalised
            }

            var count = _counts[token];
            _counts[token] = 0;
            ref var logit = ref items[token].Logit;
            logit = logit > 0 ? logit / _repetition : logit * _repetition;
            logit -= (count * _frequency) + _presence;
        }

        candidates.LogitsChanged(orderPreserved: false);
    }
}
