using System.Security.Cryptography;

namespace Deliberate.Engine.Sampling;

/// <summary>
/// The sampler chain (one <see cref="ISamplerStage"/> per file): one preallocated <see cref="CandidateBuffer"/> and a fixed list
/// of stages built from <see cref="SamplerOptions"/>, in the order vLLM and transformers use:
/// logit bias → penalties → token mask → (greedy when temperature ≤ 0) → temperature → top-k → top-p →
/// min-p → seeded draw. <see cref="Sample"/> allocates nothing. One instance per sequence; not thread-safe.
/// </summary>
public sealed class Sampler
{
    private readonly CandidateBuffer _candidates;
    private readonly ISamplerStage[] _stages;
    private readonly bool _plainGreedy;

    public Sampler(int vocabularySize, SamplerOptions options, ITokenMask? mask = null)
        : this(vocabularySize, BuildStages(vocabularySize, options, mask))
    {
    }

    /// <summary>A custom chain; the last stage must choose a token (<see cref="GreedyStage"/> or <see cref="DrawStage"/>).</summary>
    public Sampler(int vocabularySize, IEnumerable<ISamplerStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        _candidates = new CandidateBuffer(vocabularySize);
        _stages = [.. stages];
        if (_stages.Length == 0 || _stages[^1] is not (GreedyStage or DrawStage))
        {
            throw new ArgumentException("the chain must end with a greedy or draw stage", nameof(stages));
        }

        _plainGreedy = _stages is [GreedyStage];
    }

    public int VocabularySize => _candidates.VocabularySize;

    public IReadOnlyList<ISamplerStage> Stages => _stages;

    /// <summary>Chooses the next token.</summary>
    /// <param name="logits">One logit per vocabulary entry.</param>
    /// <param name="recentTokens">Recent tokens of the sequence, oldest first (for penalties).</param>
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<int> recentTokens)
    {
        if (_plainGreedy)
        {
            return ArgMax(logits);
        }

        _candidates.Load(logits);
        foreach (var stage in _stages)
        {
            stage.Apply(_candidates, recentTokens);
        }

        if (_candidates.Count != 1)
        {
            throw new SamplingException("the sampler chain did not settle on one token");
        }

        return _candidates.Candidates[0].Id;
    }

    // Plain greedy decoding needs no candidate buffer: one pass over the logits (NaN never wins).
    private int ArgMax(ReadOnlySpan<float> logits)
    {
        if (logits.Length != _candidates.VocabularySize)
        {
            throw new ArgumentException($"expected {_candidates.VocabularySize} logits, got {logits.Length}", nameof(logits));
        }

        var best = -1;
        var bestLogit = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] > bestLogit)
            {
                best = i;
                bestLogit = logits[i];
            }
        }

        return best >= 0 ? best : throw new SamplingException("every logit is NaN or -infinity");
    }

    public static ISamplerStage[] BuildStages(int vocabularySize, SamplerOptions options, ITokenMask? mask = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stages = new List<ISamplerStage>();
        if (options.LogitBias is { Count: > 0 } bias)
        {
            stages.Add(new LogitBiasStage(bias));
        }

        if (options.PenaltyWindow > 0 && (options.RepetitionPenalty != 1 || options.PresencePenalty != 0 || options.FrequencyPenalty != 0))
        {
            stages.Add(new PenaltyStage(vocabularySize, options.PenaltyWindow, options.RepetitionPenalty, options.PresencePenalty, options.FrequencyPenalty));
        }

        if (mask is not null)
        {
            stages.Add(new TokenMaskStage(vocabularySize, mask));
        }

        if (!(options.Temperature > 0))
        {
            stages.Add(new GreedyStage());
            return [.. stages];
        }

        if (options.Temperature != 1)
        {
            stages.Add(new TemperatureStage(options.Temperature));
        }

        if (options.TopK > 0)
        {
            stages.Add(new TopKStage(options.TopK));
        }

        if (options.TopP < 1)
        {
            stages.Add(new TopPStage(options.TopP));
        }

        if (options.MinP > 0)
        {
            stages.Add(new MinPStage(options.MinP));
        }

        var seed = options.Seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        stages.Add(new DrawStage(new Xoshiro256StarStar(seed)));
        return [.. stages];
    }
}
