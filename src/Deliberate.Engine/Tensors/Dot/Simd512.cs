using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// AVX-512 BW building blocks of the 512-bit dot kernels. A 512-bit register holds two 32-value groups (two
/// 32-element blocks, or two 32-value chunks of a K-quant super-block); "halves" below are those two groups.
/// .NET 10 exposes no 512-bit vpdpbusd (only AVX10.2's signed form), so the int8 dots are vpmaddubsw + vpmaddwd.
/// </summary>
internal static unsafe class Simd512
{
    /// <summary>y where x &gt; 0, −y where x &lt; 0, 0 where x == 0 (the 512-bit vpsignb equivalent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Sign(Vector512<sbyte> y, Vector512<sbyte> x)
    {
        var negated = Vector512<sbyte>.Zero - y;
        var picked = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<sbyte>.Zero), negated, y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<sbyte>.Zero), Vector512<sbyte>.Zero, picked);
    }

    /// <summary>Σ over groups of 4 adjacent lanes of u·s → 16 int32 lanes (callers keep |u·s| pairs below 32767).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MulAddU8I8(Vector512<byte> u, Vector512<sbyte> s) =>
        Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(u, s), Vector512<short>.One);

    /// <summary>Signed × signed: |x| · (y signed like x), as <see cref="Simd.MulAddI8I8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MulAddI8I8(Vector512<sbyte> x, Vector512<sbyte> y) =>
        MulAddU8I8(Avx512BW.Abs(x).AsByte(), Sign(y, x));

    /// <summary>32 bytes at <paramref name="low"/> in the low half, 32 at <paramref name="high"/> in the high half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Load2(sbyte* low, sbyte* high) =>
        Vector512.Create(Avx.LoadVector256(low), Avx.LoadVector256(high));

    /// <summary>The 32-value nibble layout of <see cref="Simd.Nibbles32"/> for two 16-byte groups, one per half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Nibbles64(byte* low, byte* high) =>
        Vector512.Create(Simd.Nibbles32(low), Simd.Nibbles32(high));

    /// <summary><paramref name="low"/> in the eight low lanes, <paramref name="high"/> in the eight high lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Halves(float low, float high) =>
        Vector512.Create(Vector256.Create(low), Vector256.Create(high));

    /// <summary>The scales of blocks i and i+1 (weight f16 scale × activation f16 scale), one per half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BlockScales(ushort weight0, ushort activation0, ushort weight1, ushort activation1) =>
        Halves(Fp16.ToSingle(weight0) * Fp16.ToSingle(activation0), Fp16.ToSingle(weight1) * Fp16.ToSingle(activation1));

    /// <summary>Sixteen int16 lanes of <paramref name="low"/>, then sixteen of <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> Halves(short low, short high) =>
        Vector512.Create(Vector256.Create(low), Vector256.Create(high));

    /// <summary>Two <see cref="Simd.ScalePair"/> patterns: <paramref name="low"/> for the low half, <paramref name="high"/> for the high.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<short> ScalePairs(Vector128<byte> scales, ref byte pairs, int low, int high) =>
        Vector512.Create(Simd.ScalePair(scales, ref pairs, low), Simd.ScalePair(scales, ref pairs, high));

    /// <summary>(q unsigned × a signed) pair sums weighted by int16 scales: vpmaddubsw then vpmaddwd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Weighted(Vector512<byte> q, Vector512<sbyte> a, Vector512<short> scales) =>
        Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(q, a), scales);

    /// <summary>Per-byte logical right shift of 64 bytes (via 16-bit lanes; the caller masks the bits it reads).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> ShiftRight(Vector512<byte> v, [ConstantExpected] byte count) =>
        Avx512BW.ShiftRightLogical(v.AsUInt16(), count).AsByte();

    /// <summary>Per-byte left shift of values whose shifted bits stay inside their byte (masked 0..15 → ≤ 0xF0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> ShiftLeft(Vector512<byte> v, [ConstantExpected] byte count) =>
        Avx512BW.ShiftLeftLogical(v.AsUInt16(), count).AsByte();
}
