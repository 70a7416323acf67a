using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Kernels;

/// <summary>Row conversions between f16 bits and f32 (KV cache, F16 weights, file writing).</summary>
public static unsafe class Fp16Conversion
{
    /// <summary>dst[i] = (float)src[i] for IEEE binary16 bits; exact for every input incl. subnormals, inf and NaN.</summary>
    public static void ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        fixed (ushort* s = source)
        fixed (float* d = destination)
        {
            var i = 0;
            if (Avx2.IsSupported)
            {
                for (; i + 8 <= source.Length; i += 8)
                    Avx.Store(d + i, Widen8(s + i));
            }
            for (; i < source.Length; i++) d[i] = Fp16.ToSingle(s[i]);
        }
    }

    /// <summary>Scalar twin of <see cref="ToSingle"/>.</summary>
    public static void ToSingleScalar(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++) destination[i] = Fp16.ToSingle(source[i]);
    }

    /// <summary>dst[i] = bf16 bits of src[i], round-to-nearest-even, NaN kept quiet (ggml's rule; a KV row per token).</summary>
    public static void ToBFloat16(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        fixed (float* s = source)
        fixed (ushort* d = destination)
        {
            var i = 0;
            if (Avx2.IsSupported)
            {
                for (; i + 8 <= source.Length; i += 8)
                    Sse2.Store(d + i, NarrowToBFloat16(Avx.LoadVector256(s + i)));
            }
            for (; i < source.Length; i++) d[i] = Fp16.SingleToBFloat16(s[i]);
        }
    }

    /// <summary>Scalar twin of <see cref="ToBFloat16"/>.</summary>
    public static void ToBFloat16Scalar(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        for (var i = 0; i < source.Length; i++) destination[i] = Fp16.SingleToBFloat16(source[i]);
    }

    /// <summary>dst[i] = (float)src[i] for bf16 bits (exact: bf16 is the top half of an f32).</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        for (var i = 0; i < source.Length; i++) destination[i] = Fp16.BFloat16ToSingle(source[i]);
    }

    /// <summary>
    /// Eight f32 to bf16 bits as <see cref="Fp16.SingleToBFloat16"/> does one: add 0x7fff plus the lowest kept bit
    /// (ties to even), keep the top 16 bits; a NaN instead keeps its top bits with the quiet bit (64) set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> NarrowToBFloat16(Vector256<float> x)
    {
        var u = x.AsInt32();
        var rounded = Avx2.ShiftRightLogical(u + Vector256.Create(0x7fff) + (Avx2.ShiftRightLogical(u, 16) & Vector256.Create(1)), 16);
        var quiet = Avx2.ShiftRightLogical(u, 16) | Vector256.Create(64);
        var isNaN = Avx2.CompareGreaterThan(u & Vector256.Create(0x7fffffff), Vector256.Create(0x7f800000));
        var bits = Avx2.BlendVariable(rounded.AsByte(), quiet.AsByte(), isNaN.AsByte()).AsInt32();
        // the 16-bit results sit in the low half of each lane: pack lanes 0..3 | 4..7 without saturation
        var packed = Avx2.PackUnsignedSaturate(bits & Vector256.Create(0xffff), Vector256<int>.Zero);
        return Vector128.Create(packed.GetLower().GetLower(), packed.GetUpper().GetLower());
    }

    /// <summary>dst[i] = f16 bits of src[i], round-to-nearest-even (scalar: f32→f16 is never on a hot path).</summary>
    public static void ToHalf(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        for (var i = 0; i < source.Length; i++) destination[i] = Fp16.FromSingle(source[i]);
    }

    /// <summary>
    /// Converts 8 f16 values to f32 without F16C (not exposed by .NET): move exponent+mantissa to f32
    /// position (&lt;&lt; 13) and multiply by 2^112 to re-bias the exponent; this also normalises f16
    /// subnormals exactly. Inf/NaN (exponent 31) instead get the f32 all-ones exponent. The sign is OR-ed last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Widen8(ushort* p)
    {
        var h = Avx2.ConvertToVector256Int32(p);
        var sign = Avx2.ShiftLeftLogical(h & Vector256.Create(0x8000), 16);
        var magnitude = h & Vector256.Create(0x7fff);
        var shifted = Avx2.ShiftLeftLogical(magnitude, 13);
        var scaled = Avx.Multiply(shifted.AsSingle(), Vector256.Create(5.192296858534828e33f)).AsInt32();
        var special = Avx2.CompareGreaterThan(magnitude, Vector256.Create(0x7bff));
        var infNan = shifted | Vector256.Create(0x7f800000);
        return (Avx2.BlendVariable(scaled.AsByte(), infNan.AsByte(), special.AsByte()).AsInt32() | sign).AsSingle();
    }

    /// <summary>The 512-bit form of <see cref="Widen8"/> (16 values; same bit steps, so the same results).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Widen16(ushort* p)
    {
        var h = Avx512F.ConvertToVector512Int32(Avx.LoadVector256(p));
        var sign = Avx512F.ShiftLeftLogical(h & Vector512.Create(0x8000), 16);
        var magnitude = h & Vector512.Create(0x7fff);
        var shifted = Avx512F.ShiftLeftLogical(magnitude, 13);
        var scaled = Avx512F.Multiply(shifted.AsSingle(), Vector512.Create(5.192296858534828e33f)).AsInt32();
        var special = Vector512.GreaterThan(magnitude, Vector512.Create(0x7bff));
        var infNan = shifted | Vector512.Create(0x7f800000);
        return (Vector512.ConditionalSelect(special, infNan, scaled) | sign).AsSingle();
    }
}
