using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>
/// f32 → stored-format conversion for every implemented <see cref="GgmlType"/>, using ggml's reference
/// quantizers (no importance matrix), so our files hold the bytes llama-quantize would write.
/// </summary>
public static unsafe class Quantizer
{
    /// <summary>
    /// Quantizes <paramref name="source"/> (a whole number of blocks of <paramref name="type"/>) into
    /// <paramref name="destination"/>, which must hold at least <c>RowBytes(source.Length)</c> bytes.
    /// </summary>
    public static void Quantize(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination)
    {
        var info = GgmlTypeInfo.Get(type);
        var bytes = info.RowBytes(source.Length);
        if (destination.Length < bytes)
            throw new ArgumentException($"destination holds {destination.Length} bytes; {type} x {source.Length} needs {bytes}", nameof(destination));
        fixed (float* x = source)
        fixed (byte* y = destination)
            Quantize(type, x, y, source.Length);
    }

    internal static void Quantize(GgmlType type, float* x, byte* y, int n)
    {
        switch (type)
        {
            case GgmlType.F32: Buffer.MemoryCopy(x, y, (long)n * 4, (long)n * 4); break;
            case GgmlType.F16: Fp16Conversion.ToHalf(new ReadOnlySpan<float>(x, n), new Span<ushort>(y, n)); break;
            case GgmlType.BF16:
                for (var i = 0; i < n; i++) ((ushort*)y)[i] = Fp16.SingleToBFloat16(x[i]);
                break;
            case GgmlType.Q4_0: Q4_0Codec.Quantize(x, y, n); break;
            case GgmlType.Q4_1: Q4_1Codec.Quantize(x, y, n); break;
            case GgmlType.Q5_0: Q5_0Codec.Quantize(x, y, n); break;
            case GgmlType.Q5_1: Q5_1Codec.Quantize(x, y, n); break;
            case GgmlType.Q8_0: Q8_0Codec.Quantize(x, y, n); break;
            case GgmlType.Q8_1: Q8_1Codec.Quantize(x, y, n); break;
            case GgmlType.Q2_K: Q2_KCodec.Quantize(x, y, n); break;
            case GgmlType.Q3_K: Q3_KCodec.Quantize(x, y, n); break;
            case GgmlType.Q4_K: Q4_KCodec.Quantize(x, y, n); break;
            case GgmlType.Q5_K: Q5_KCodec.Quantize(x, y, n); break;
            case GgmlType.Q6_K: Q6_KCodec.Quantize(x, y, n); break;
            case GgmlType.Q8_K: Q8_KCodec.Quantize(x, y, n); break;
            default: throw new NotSupportedException($"quantizing to {type} is not supported");
        }
    }
}
