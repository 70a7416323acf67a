using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// The 512-bit four-row prompt kernels (AVX-512 BW). They keep the register layout of the matching single-row
/// <c>V512</c> kernel, so a weight block is loaded and unpacked once, at twice the width, for four activation rows.
/// </summary>
internal static unsafe partial class MultiRowDot
{
    /// <summary>
    /// Q4_K: the 64 qs bytes of two 64-value chunks per register, as <see cref="DotQ4_K.V512"/>; the int32 sums of
    /// both halves are folded into 256 bits once per super-block for the shared scale-and-min step.
    /// </summary>
    public static void Q4_KV512(byte* w, byte* x, long stride, int n, float* result)
    {
        var bw = (BlockQ4_K*)w;
        var low4 = Vector512.Create((byte)0x0F);
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (var i = 0; i < n / 256; i++)
        {
            var dw = Fp16.ToSingle(bw[i].D);
            var dminw = Fp16.ToSingle(bw[i].DMin);
            KScales.Unpack(bw[i].Scales, out var scales, out var minBytes);
            var mins = Avx2.ConvertToVector128Int16(minBytes);
            var x0 = (BlockQ8_K*)x + i;
            var x1 = (BlockQ8_K*)(x + stride) + i;
            var x2 = (BlockQ8_K*)(x + 2 * stride) + i;
            var x3 = (BlockQ8_K*)(x + 3 * stride) + i;
            Vector512<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var c = 0; c < 2; c++)
            {
                var q4 = Avx512F.LoadVector512(bw[i].Qs + 64 * c);
                var lo = q4 & low4;
                var hi = Simd512.ShiftRight(q4, 4) & low4;
                var sc = scales >> (32 * c);
                var scLo = Simd512.Halves((short)(byte)sc, (short)(byte)(sc >> 16));
                var scHi = Simd512.Halves((short)(byte)(sc >> 8), (short)(byte)(sc >> 24));
                var offset = 128 * c;
                s0 += Chunks4(lo, hi, scLo, scHi, x0->Qs + offset);
                s1 += Chunks4(lo, hi, scLo, scHi, x1->Qs + offset);
                s2 += Chunks4(lo, hi, scLo, scHi, x2->Qs + offset);
                s3 += Chunks4(lo, hi, scLo, scHi, x3->Qs + offset);
            }
            acc0 = BlockK4(acc0, s0.GetLower() + s0.GetUpper(), mins, dw, dminw, x0);
            acc1 = BlockK4(acc1, s1.GetLower() + s1.GetUpper(), mins, dw, dminw, x1);
            acc2 = BlockK4(acc2, s2.GetLower() + s2.GetUpper(), mins, dw, dminw, x2);
            acc3 = BlockK4(acc3, s3.GetLower() + s3.GetUpper(), mins, dw, dminw, x3);
        }
        Store(result, acc0, acc1, acc2, acc3);
    }

    /// <summary>Low nibbles × a[0..31] | a[64..95], high nibbles × a[32..63] | a[96..127], scale-weighted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Chunks4(Vector512<byte> lo, Vector512<byte> hi, Vector512<short> scLo, Vector512<short> scHi, sbyte* a) =>
        Simd512.Weighted(lo, Simd512.Load2(a, a + 64), scLo) + Simd512.Weighted(hi, Simd512.Load2(a + 32, a + 96), scHi);
    /// <summary>
    /// Q6_K: value groups k and k+4 (the two 128-value halves) share a register, as in <see cref="DotQ6_K.V512"/>;
    /// the four 6-bit registers and their scale pairs are built once per super-block for the four rows.
    /// </summary>
    public static void Q6_KV512(byte* w, byte* x, long stride, int n, float* result)
    {
        var bw = (BlockQ6_K*)w;
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        Vector512<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (var i = 0; i < n / 256; i++)
        {
            var dw = Fp16.ToSingle(bw[i].D);
            var scales = Sse2.LoadVector128((byte*)bw[i].Scales);
            DotQ6_K.Unpack512(bw + i, out var q0, out var q1, out var q2, out var q3);
            var sc0 = Simd512.ScalePairs(scales, ref pairs, 0, 4);
            var sc1 = Simd512.ScalePairs(scales, ref pairs, 1, 5);
            var sc2 = Simd512.ScalePairs(scales, ref pairs, 2, 6);
            var sc3 = Simd512.ScalePairs(scales, ref pairs, 3, 7);
            acc0 = Block6(acc0, q0, q1, q2, q3, sc0, sc1, sc2, sc3, scales, dw, (BlockQ8_K*)x + i);
            acc1 = Block6(acc1, q0, q1, q2, q3, sc0, sc1, sc2, sc3, scales, dw, (BlockQ8_K*)(x + stride) + i);
            acc2 = Block6(acc2, q0, q1, q2, q3, sc0, sc1, sc2, sc3, scales, dw, (BlockQ8_K*)(x + 2 * stride) + i);
            acc3 = Block6(acc3, q0, q1, q2, q3, sc0, sc1, sc2, sc3, scales, dw, (BlockQ8_K*)(x + 3 * stride) + i);
        }
        result[0] = Vector512.Sum(acc0);
        result[1] = Vector512.Sum(acc1);
        result[2] = Vector512.Sum(acc2);
        result[3] = Vector512.Sum(acc3);
    }

    /// <summary>One activation row's super-block: the −32 offset term, four weighted group pairs, scaled into acc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Block6(Vector512<float> acc, Vector512<byte> q0, Vector512<byte> q1, Vector512<byte> q2, Vector512<byte> q3,
        Vector512<short> sc0, Vector512<short> sc1, Vector512<short> sc2, Vector512<short> sc3, Vector128<byte> scales, float dw, BlockQ8_K* x)
    {
        var a = x->Qs;
        var sumi = Vector512.Create(-Avx2.ShiftLeftLogical(DotQ6_K.OffsetTerm(scales, x), 5), Vector256<int>.Zero);
        sumi += Simd512.Weighted(q0, Simd512.Load2(a, a + 128), sc0);
        sumi += Simd512.Weighted(q1, Simd512.Load2(a + 32, a + 160), sc1);
        sumi += Simd512.Weighted(q2, Simd512.Load2(a + 64, a + 192), sc2);
        sumi += Simd512.Weighted(q3, Simd512.Load2(a + 96, a + 224), sc3);
        return Avx512F.FusedMultiplyAdd(Vector512.Create(x->D * dw), Avx512F.ConvertToVector512Single(sumi), acc);
    }
}
