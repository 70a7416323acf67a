using System.Runtime.InteropServices;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Models;

/// <summary>
/// Keys and values of one sequence, per layer, sized once for the configured context. Row t of layer l holds position
/// t's n_head_kv heads back to back, as f32, f16 or bf16 bits (<see cref="Type"/>): f16 (llama.cpp's default cache type)
/// and bf16 halve the memory a sequence holds and the bytes attention reads per position; bf16 also widens back to
/// f32 with one shift, where .NET's lack of F16C makes every f16 value cost a software conversion.
/// </summary>
public sealed class KvCache
{
    private readonly byte[][] _keys;
    private readonly byte[][] _values;

    public KvCache(ModelConfig config, int contextSize, GgmlType type = GgmlType.F32)
    {
        if (contextSize < 1)
            throw new ArgumentOutOfRangeException(nameof(contextSize));
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16))
            throw new ArgumentOutOfRangeException(nameof(type), $"KV cache type {type}: only F32, F16 and BF16 are supported");
        ContextSize = contextSize;
        Type = type;
        ElementBytes = type == GgmlType.F32 ? sizeof(float) : sizeof(ushort);
        KeyWidth = config.KvWidth;
        ValueWidth = config.ValueWidth;
        _keys = new byte[config.LayerCount][];
        _values = new byte[config.LayerCount][];
        for (int l = 0; l < config.LayerCount; l++)
        {
            _keys[l] = new byte[(long)contextSize * KeyWidth * ElementBytes];
            _values[l] = new byte[(long)contextSize * ValueWidth * ElementBytes];
        }
    }

    public int ContextSize { get; }

    /// <summary>Element type of the stored rows: <see cref="GgmlType.F32"/>, <see cref="GgmlType.F16"/> or <see cref="GgmlType.BF16"/>.</summary>
    public GgmlType Type { get; }

    public int ElementBytes { get; }

    /// <summary>Memory the cache holds (keys and values of every layer, full context).</summary>
    public long Bytes => _keys.Sum(k => (long)k.Length) + _values.Sum(v => (long)v.Length);

    public int KeyWidth { get; }

    public int ValueWidth { get; }

    /// <summary>Layer <paramref name="layer"/>'s key rows in <see cref="Type"/>'s encoding.</summary>
    public byte[] Keys(int layer) => _keys[layer];

    public byte[] Values(int layer) => _values[layer];

    /// <summary>Writes position <paramref name="position"/>'s key and value rows of one layer, converting to <see cref="Type"/>.</summary>
    public void Store(int layer, int position, ReadOnlySpan<float> key, ReadOnlySpan<float> value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, ContextSize);
        if (key.Length != KeyWidth || value.Length != ValueWidth)
            throw new ArgumentException($"rows of {key.Length}/{value.Length} floats; {KeyWidth}/{ValueWidth} expected");
        Write(key, _keys[layer].AsSpan(position * KeyWidth * ElementBytes, KeyWidth * ElementBytes));
        Write(value, _values[layer].AsSpan(position * ValueWidth * ElementBytes, ValueWidth * ElementBytes));
    }

    /// <summary>Position <paramref name="position"/>'s key row of <paramref name="layer"/> as f32 (tests, inspection).</summary>
    public float[] ReadKey(int layer, int position) => Read(_keys[layer], position, KeyWidth);

    public float[] ReadValue(int layer, int position) => Read(_values[layer], position, ValueWidth);

    /// <summary>Copies the first <paramref name="length"/> positions of every layer from <paramref name="source"/>.</summary>
    public void CopyPrefixFrom(KvCache source, int length)
    {
        if (length > ContextSize)
            throw new ContextLengthExceededException(ContextSize, length);
        if (source.Type != Type)
            throw new ArgumentException($"cannot copy a {source.Type} cache into a {Type} cache", nameof(source));
        for (int l = 0; l < _keys.Length; l++)
        {
            Array.Copy(source._keys[l], _keys[l], (long)length * KeyWidth * ElementBytes);
            Array.Copy(source._values[l], _values[l], (long)length * ValueWidth * ElementBytes);
        }
    }

    private void Write(ReadOnlySpan<float> row, Span<byte> destination)
    {
        if (Type == GgmlType.F32)
        {
            MemoryMarshal.AsBytes(row).CopyTo(destination);
            return;
        }
        if (Type == GgmlType.BF16)
            Fp16Conversion.ToBFloat16(row, MemoryMarshal.Cast<byte, ushort>(destination));
        else
            Fp16Conversion.ToHalf(row, MemoryMarshal.Cast<byte, ushort>(destination));
    }

    private float[] Read(byte[] rows, int position, int width)
    {
        var bytes = rows.AsSpan(position * width * ElementBytes, width * ElementBytes);
        if (Type == GgmlType.F32)
            return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var row = new float[width];
        if (Type == GgmlType.BF16)
            Fp16Conversion.BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), row);
        else
            Fp16Conversion.ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), row);
        return row;
    }
}
