namespace Deliberate.Engine.Models;

/// <summary>
/// Keys and values of one sequence, per layer, f32, sized once for the configured context.
/// Row t of layer l holds position t's n_head_kv heads back to back.
/// </summary>
public sealed class KvCache
{
    private readonly float[][] _keys;
    private readonly float[][] _values;

    public KvCache(ModelConfig config, int contextSize)
    {
        if (contextSize < 1)
            throw new ArgumentOutOfRangeException(nameof(contextSize));
        ContextSize = contextSize;
        KeyWidth = config.KvWidth;
        ValueWidth = config.ValueWidth;
        _keys = new float[config.LayerCount][];
        _values = new float[config.LayerCount][];
        for (int l = 0; l < config.LayerCount; l++)
        {
            _keys[l] = new float[(long)contextSize * KeyWidth];
            _values[l] = new float[(long)contextSize * ValueWidth];
        }
    }

    public int ContextSize { get; }

    /// <summary>Memory the cache holds (keys and values of every layer, full context).</summary>
    public long Bytes => sizeof(float) * (_keys.Sum(k => (long)k.Length) + _values.Sum(v => (long)v.Length));

    public int KeyWidth { get; }

    public int ValueWidth { get; }

    public float[] Keys(int layer) => _keys[layer];

    public float[] Values(int layer) => _values[layer];

    /// <summary>Copies the first <paramref name="length"/> positions of every layer from <paramref name="source"/>.</summary>
    public void CopyPrefixFrom(KvCache source, int length)
    {
        if (length > ContextSize)
            throw new ContextLengthExceededException(ContextSize, length);
        for (int l = 0; l < _keys.Length; l++)
        {
            Array.Copy(source._keys[l], _keys[l], (long)length * KeyWidth);
            Array.Copy(source._values[l], _values[l], (long)length * ValueWidth);
        }
    }
}
