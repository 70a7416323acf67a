using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Stored-format → f32 conversion for every implemented <see cref="GgmlType"/> (ggml's dequantize_row_*).</summary>
public static unsafe class Dequantizer
{
    /// <summary>
    /// Dequantizes <paramref name="destination"/>.Length elements (a whole number of blocks) from
    /// <paramref name="source"/>, which must hold at least their <c>RowBytes</c>.
    /// </summary>
    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        var info = GgmlTypeInfo.Get(type);
        var bytes = info.RowBytes(destination.Length);
        if (source.Length < bytes)
            throw new ArgumentException($"source holds {source.Length} bytes; {type} x {destination.Length} needs {bytes}", nameof(source));
        fixed (byte* x = source)
        fixed (float* y = destination)
            Dequantize(type, x, y, destination.Length);
    }

    /// <summary>Pointer form for memory-mapped weights (e.g. one embedding row).</summary>
    public static void Dequantize(GgmlType type, byte* x, float* y, int n)
    {
        switch (type)
        {
            case GgmlType.F32: Buffer.MemoryCopy(x, y, (long)n * 4, (long)n * 4); break;
            case GgmlType.F16: Fp16Conversion.ToSingle(new ReadOnlySpan<ushort>(x, n), new Span<float>(y, n)); break;
            case GgmlType.BF16:
                for (var i = 0; i < n; i++) y[i] = Fp16.BFloat16ToSingle(((ushort*)x)[i]);
                break;
            case GgmlType.Q4_0: Q4_0Codec.Dequantize(x, y, n); break;
            case GgmlType.Q4_1: Q4_1Codec.Dequantize(x, y, n); break;
            case GgmlType.Q5_0: Q5_0Codec.Dequantize(x, y, n); break;
            case GgmlType.Q5_1: Q5_1Codec.Dequantize(x, y, n); break;
            case GgmlType.Q8_0: Q8_0Codec.Dequantize(x, y, n); break;
            case GgmlType.Q8_1: Q8_1Codec.Dequantize(x, y, n); break;
            case GgmlType.Q2_K: Q2_KCodec.Dequantize(x, y, n); break;
            case GgmlType.Q3_K: Q3_KCodec.Dequantize(x, y, n); break;
            case GgmlType.Q4_K: Q4_KCodec.Dequantize(x, y, n); break;
            case GgmlType.Q5_K: Q5_KCodec.Dequantize(x, y, n); break;
            case GgmlType.Q6_K: Q6_KCodec.Dequantize(x, y, n); break;
            case GgmlType.Q8_K: Q8_KCodec.Dequantize(x, y, n); break;
            default: throw new NotSupportedException($"dequantizing {type} is not supported");
        }
    }
}
