namespace Deliberate.Engine.Models;

/// <summary>
/// Activations for one forward step of up to <see cref="MaxBatch"/> tokens, allocated once so decoding allocates
/// nothing per token. Row-major: row i of a buffer belongs to batch token i.
/// </summary>
public sealed class InferenceState
{
    public InferenceState(ModelConfig config, int maxBatch, int maxLogitRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLogitRows, 1);
        MaxBatch = maxBatch;
        MaxLogitRows = Math.Min(maxLogitRows, maxBatch);
        int embd = config.EmbeddingLength;
        Hidden = new float[maxBatch * embd];
        Normed = new float[maxBatch * embd];
        Query = new float[maxBatch * config.QueryWidth];
        Key = new float[maxBatch * config.KvWidth];
        Value = new float[maxBatch * config.ValueWidth];
        AttentionOut = new float[maxBatch * config.HeadCount * config.ValueLength];
        Gate = new float[maxBatch * config.FeedForwardLength];
        Up = new float[maxBatch * config.FeedForwardLength];
        Cos = new float[maxBatch * (config.RopeDimensions / 2)];
        Sin = new float[maxBatch * (config.RopeDimensions / 2)];
        Positions = new int[maxBatch];
        Sequences = new SequenceState[maxBatch];
        LogitRows = new int[maxBatch];
        Logits = new float[MaxLogitRows * config.VocabularySize];
        VocabularySize = config.VocabularySize;
    }

    public int MaxBatch { get; }

    public int MaxLogitRows { get; }

    public int VocabularySize { get; }

    internal float[] Hidden { get; }

    internal float[] Normed { get; }

    internal float[] Query { get; }

    internal float[] Key { get; }

    internal float[] Value { get; }

    internal float[] AttentionOut { get; }

    internal float[] Gate { get; }

    internal float[] Up { get; }

    internal float[] Cos { get; }

    internal float[] Sin { get; }

    internal int[] Positions { get; }

    internal SequenceState[] Sequences { get; }

    /// <summary>Batch indices whose logits were computed, in order; row k of <see cref="Logits"/> belongs to LogitRows[k].</summary>
    internal int[] LogitRows { get; }

    internal float[] Logits { get; }

    /// <summary>How many logit rows the last forward step produced.</summary>
    public int LogitCount { get; internal set; }

    /// <summary>Logits of the k-th batch token that asked for them in the last step.</summary>
    public ReadOnlySpan<float> GetLogits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)k, (uint)LogitCount, nameof(k));
        return Logits.AsSpan(k * VocabularySize, VocabularySize);
    }
}
