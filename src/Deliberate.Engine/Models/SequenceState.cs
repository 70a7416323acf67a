using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Models;

/// <summary>One sequence being generated: its KV cache and how many positions it holds.</summary>
public sealed class SequenceState
{
    public SequenceState(ModelConfig config, int contextSize, GgmlType cacheType = GgmlType.F32)
    {
        Cache = new KvCache(config, contextSize, cacheType);
    }

    private SequenceState(KvCache cache)
    {
        Cache = cache;
    }

    public KvCache Cache { get; }

    /// <summary>Positions already processed (the next token's position).</summary>
    public int Length { get; internal set; }

    public int ContextSize => Cache.ContextSize;

    /// <summary>Tokens of this sequence placed in the batch now being assigned positions.</summary>
    internal int Pending { get; set; }

    /// <summary>
    /// A new sequence that continues from the same processed prefix (copies the KV prefix), so several samples can
    /// share one prompt evaluation. The caller supplies the model config used for this cache.
    /// </summary>
    public SequenceState Fork(ModelConfig config)
    {
        var copy = new SequenceState(new KvCache(config, ContextSize, Cache.Type));
        copy.Cache.CopyPrefixFrom(Cache, Length);
        copy.Length = Length;
        return copy;
    }

    /// <summary>Forgets positions from <paramref name="length"/> on (e.g. to re-use a prompt prefix).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }
}
