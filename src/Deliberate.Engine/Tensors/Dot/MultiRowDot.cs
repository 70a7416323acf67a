using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// Prompt-processing kernels: one weight row against four activation rows (<c>x + k·stride</c>, k = 0..3), so
/// each weight block is loaded and unpacked once for four dots. Results equal four <see cref="RowDot"/> calls up
/// to float summation order. The scalar twin is simply four calls of the single-row scalar kernel.
/// </summary>
internal static unsafe partial class MultiRowDot
{
    /// <summary>The 4-row kernel for <paramref name="weightType"/>, or null when the type has none (use RowDot per row).</summary>
    public static delegate*<byte*, byte*, long, int, float*, void> For(GgmlType weightType, Kernels.KernelIsa isa)
    {
        if (isa == Kernels.KernelIsa.Scalar) return null;
        return weightType switch
        {
            GgmlType.Q8_0 => &Q8_0,
            GgmlType.Q4_0 => &Q4_0,
            GgmlType.Q4_K => isa == Kernels.KernelIsa.Avx512 ? &Q4_KV512 : &Q4_K,
            GgmlType.Q5_K => &Q5_K,
            GgmlType.Q6_K => isa == Kernels.KernelIsa.Avx512 ? &Q6_KV512 : &Q6_K,
            GgmlType.F32 => &F32,
            GgmlType.F16 => &F16,
            GgmlType.BF16 => &BF16,
            _ => null,
        };
    }

    public static void Q8_0(byte* w, byte* x, long stride, int n, float* result)
    {
        var bw = (BlockQ8_0*)w;
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (var i = 0; i < n / 32; i++)
        {
            var dw = Fp16.ToSingle(bw[i].D);
            var qw = Avx.LoadVector256(bw[i].Qs);
            var aw = Avx2.Abs(qw);
            acc0 = Row8(aw, qw, dw, (BlockQ8_0*)x + i, acc0);
            acc1 = Row8(aw, qw, dw, (BlockQ8_0*)(x + stride) + i, acc1);
            acc2 = Row8(aw, qw, dw, (BlockQ8_0*)(x + 2 * stride) + i, acc2);
            acc3 = Row8(aw, qw, dw, (BlockQ8_0*)(x + 3 * stride) + i, acc3);
        }
        Store(result, acc0, acc1, acc2, acc3);
    }

    public static void Q4_0(byte* w, byte* x, long stride, int n, float* result)
    {
        var bw = (BlockQ4_0*)w;
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (var i = 0; i < n / 32; i++)
        {
            var dw = Fp16.ToSingle(bw[i].D);
            var qw = (Simd.Nibbles32(bw[i].Qs) - Vector256.Create((byte)8)).AsSByte();
            var aw = Avx2.Abs(qw);
            acc0 = Row8(aw, qw, dw, (BlockQ8_0*)x + i, acc0);
            acc1 = Row8(aw, qw, dw, (BlockQ8_0*)(x + stride) + i, acc1);
            acc2 = Row8(aw, qw, dw, (BlockQ8_0*)(x + 2 * stride) + i, acc2);
            acc3 = Row8(aw, qw, dw, (BlockQ8_0*)(x + 3 * stride) + i, acc3);
        }
        Store(result, acc0, acc1, acc2, acc3);
    }

    /// <summary>One Q8_0 activation block: |w| · (x signed like w), as in <see cref="Simd.MulAddI8I8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Row8(Vector256<byte> absW, Vector256<sbyte> w, float dw, BlockQ8_0* x, Vector256<float> acc) =>
        Row8(absW, w, dw, Avx.LoadVector256(x->Qs), Fp16.ToSingle(x->D), acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Row8(Vector256<byte> absW, Vector256<sbyte> w, float dw, Vector256<sbyte> xq, float dx, Vector256<float> acc)
    {
        var p = Simd.MulAddU8I8(absW, Avx2.Sign(xq, w));
        return Fma.MultiplyAdd(Vector256.Create(dw * dx), Avx.ConvertToVector256Single(p), acc);
    }

    /// <summary>
    /// The 2 × 4 kernel for <paramref name="weightType"/> (two weight rows against four activation rows), or null.
    /// Only where the per-block work is small enough that loading and scaling each activation block once for two
    /// weight rows saves a measurable share of the instructions (Q8_0: the block's f16 scale conversion and load
    /// are a third of the four-row kernel's instructions).
    /// </summary>
    public static delegate*<byte*, long, byte*, long, int, float*, void> ForPair(GgmlType weightType, Kernels.KernelIsa isa) =>
        isa != Kernels.KernelIsa.Scalar && weightType == GgmlType.Q8_0 ? &Q8_0Pair : null;

    /// <summary>
    /// Weight rows <c>w</c> and <c>w + wStride</c> against activation rows <c>x + k·stride</c>:
    /// <c>result[4·r + k]</c>. Each product is computed exactly as in <see cref="Q8_0"/> (bit for bit).
    /// </summary>
    public static void Q8_0Pair(byte* w, long wStride, byte* x, long stride, int n, float* result)
    {
        var b0 = (BlockQ8_0*)w;
        var b1 = (BlockQ8_0*)(w + wStride);
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
        for (var i = 0; i < n / 32; i++)
        {
            var d0 = Fp16.ToSingle(b0[i].D);
            var d1 = Fp16.ToSingle(b1[i].D);
            var q0 = Avx.LoadVector256(b0[i].Qs);
            var q1 = Avx.LoadVector256(b1[i].Qs);
            var abs0 = Avx2.Abs(q0);
            var abs1 = Avx2.Abs(q1);
            var x0 = (BlockQ8_0*)x + i;
            var xq = Avx.LoadVector256(x0->Qs);
            var dx = Fp16.ToSingle(x0->D);
            a00 = Row8(abs0, q0, d0, xq, dx, a00);
            a10 = Row8(abs1, q1, d1, xq, dx, a10);
            var x1 = (BlockQ8_0*)(x + stride) + i;
            xq = Avx.LoadVector256(x1->Qs);
            dx = Fp16.ToSingle(x1->D);
            a01 = Row8(abs0, q0, d0, xq, dx, a01);
            a11 = Row8(abs1, q1, d1, xq, dx, a11);
            var x2 = (BlockQ8_0*)(x + 2 * stride) + i;
            xq = Avx.LoadVector256(x2->Qs);
            dx = Fp16.ToSingle(x2->D);
            a02 = Row8(abs0, q0, d0, xq, dx, a02);
            a12 = Row8(abs1, q1, d1, xq, dx, a12);
            var x3 = (BlockQ8_0*)(x + 3 * stride) + i;
            xq = Avx.LoadVector256(x3->Qs);
            dx = Fp16.ToSingle(x3->D);
            a03 = Row8(abs0, q0, d0, xq, dx, a03);
            a13 = Row8(abs1, q1, d1, xq, dx, a13);
        }
        Store(result, a00, a01, a02, a03);
        Store(result + 4, a10, a11, a12, a13);
    }

    public static void Q4_K(byte* w, byte* x, long stride, int n, float* result)
    {
        var bw = (BlockQ4_K*)w;
        var low4 = Vector256.Create((byte)0x0F);
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
            Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var c = 0; c < 4; c++)
            {
                var q4 = Avx.LoadVector256(bw[i].Qs + 32 * c);
                var lo = q4 & low4;
                var hi = Avx2.ShiftRightLogical(q4.AsUInt16(), 4).AsByte() & low4;
                var scLo = Vector256.Create((short)(byte)(scales >> (16 * c)));
                var scHi = Vector256.Create((short)(byte)(scales >> (16 * c + 8)));
                s0 += Chunk4(lo, hi, scLo, scHi, x0->Qs + 64 * c);
                s1 += Chunk4(lo, hi, scLo, scHi, x1->Qs + 64 * c);
                s2 += Chunk4(lo, hi, scLo, scHi, x2->Qs + 64 * c);
                s3 += Chunk4(lo, hi, scLo, scHi, x3->Qs + 64 * c);
            }
            acc0 = BlockK4(acc0, s0, mins, dw, dminw, x0);
            acc1 = BlockK4(acc1, s1, mins, dw, dminw, x1);
            acc2 = BlockK4(acc2, s2, mins, dw, dminw, x2);
            acc3 = BlockK4(acc3, s3, mins, dw, dminw, x3);
        }
        Store(result, acc0, acc1, acc2, acc3);
    }

    public static void Q5_K(byte* w, byte* x, long stride, int n, float* result)
    {
        var bw = (BlockQ5_K*)w;
        var low4 = Vector256.Create((byte)0x0F);
        var one = Vector256.Create((byte)1);
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
            var hbits = Avx.LoadVector256(bw[i].Qh).AsUInt16();
            Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var c = 0; c < 4; c++)
            {
                var q5 = Avx.LoadVector256(bw[i].Qs + 32 * c);
                var hLo = Avx2.ShiftLeftLogical((hbits.AsByte() & one).AsUInt16(), 4).AsByte();
                var hHi = Avx2.ShiftLeftLogical((Avx2.ShiftRightLogical(hbits, 1).AsByte() & one).AsUInt16(), 4).AsByte();
                hbits = Avx2.ShiftRightLogical(hbits, 2);
                var lo = (q5 & low4) | hLo;
                var hi = (Avx2.ShiftRightLogical(q5.AsUInt16(), 4).AsByte() & low4) | hHi;
                var scLo = Vector256.Create((short)(byte)(scales >> (16 * c)));
                var scHi = Vector256.Create((short)(byte)(scales >> (16 * c + 8)));
                s0 += Chunk4(lo, hi, scLo, scHi, x0->Qs + 64 * c);
                s1 += Chunk4(lo, hi, scLo, scHi, x1->Qs + 64 * c);
                s2 += Chunk4(lo, hi, scLo, scHi, x2->Qs + 64 * c);
                s3 += Chunk4(lo, hi, scLo, scHi, x3->Qs + 64 * c);
            }
            acc0 = BlockK4(acc0, s0, mins, dw, dminw, x0);
            acc1 = BlockK4(acc1, s1, mins, dw, dminw, x1);
            acc2 = BlockK4(acc2, s2, mins, dw, dminw, x2);
            acc3 = BlockK4(acc3, s3, mins, dw, dminw, x3);
        }
        Store(result, acc0, acc1, acc2, acc3);
    }

    private static Vector256<int> Chunk4(Vector256<byte> lo, Vector256<byte> hi, Vector256<short> scLo, Vector256<short> scHi, sbyte* a) =>
        Avx2.MultiplyAddAdjacent(scLo, Avx2.MultiplyAddAdjacent(lo, Avx.LoadVector256(a)))
        + Avx2.MultiplyAddAdjacent(scHi, Avx2.MultiplyAddAdjacent(hi, Avx.LoadVector256(a + 32)));

    /// <summary>acc += dx·(dw·Σ scaled − dminw·Σ mn[k]·(bsum[2k]+bsum[2k+1])); the min term rides in lanes 0..3.</summary>
    private static Vector256<float> BlockK4(Vector256<float> acc, Vector256<int> sums, Vector128<short> mins, float dw, float dminw, BlockQ8_K* x)
    {
        var bsums = Avx.LoadVector256(x->BSums);
        var minProd = Sse2.MultiplyAddAdjacent(mins, Ssse3.HorizontalAdd(bsums.GetLower(), bsums.GetUpper()));
        var minTerm = Vector256.Create(Sse2.ConvertToVector128Single(minProd), Vector128<float>.Zero);
        var scaled = Fma.MultiplyAdd(Vector256.Create(dw), Avx.ConvertToVector256Single(sums), Vector256.Create(-dminw) * minTerm);
        return Fma.MultiplyAdd(Vector256.Create(x->D), scaled, acc);
    }

    public static void Q6_K(byte* w, byte* x, long stride, int n, float* result)
    {
        var bw = (BlockQ6_K*)w;
        var low4 = Vector256.Create((byte)0x0F);
        var low2 = Vector256.Create((byte)0x03);
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (var i = 0; i < n / 256; i++)
        {
            var dw = Fp16.ToSingle(bw[i].D);
            var scales = Sse2.LoadVector128((byte*)bw[i].Scales);
            var x0 = (BlockQ8_K*)x + i;
            var x1 = (BlockQ8_K*)(x + stride) + i;
            var x2 = (BlockQ8_K*)(x + 2 * stride) + i;
            var x3 = (BlockQ8_K*)(x + 3 * stride) + i;
            var s0 = -Avx2.ShiftLeftLogical(DotQ6_K.OffsetTerm(scales, x0), 5);
            var s1 = -Avx2.ShiftLeftLogical(DotQ6_K.OffsetTerm(scales, x1), 5);
            var s2 = -Avx2.ShiftLeftLogical(DotQ6_K.OffsetTerm(scales, x2), 5);
            var s3 = -Avx2.ShiftLeftLogical(DotQ6_K.OffsetTerm(scales, x3), 5);
            for (var half = 0; half < 2; half++)
            {
                var ql = bw[i].Ql + 64 * half;
                var bits1 = Avx.LoadVector256(ql);
                var bits2 = Avx.LoadVector256(ql + 32);
                var high = Avx.LoadVector256(bw[i].Qh + 32 * half).AsUInt16();
                for (var k = 0; k < 4; k++)
                {
                    // Value group k of this half: low nibbles of ql[0..31] / ql[32..63], then their high nibbles.
                    var nibbles = (k & 1) == 0 ? bits1 : bits2;
                    if (k >= 2) nibbles = Avx2.ShiftRightLogical(nibbles.AsUInt16(), 4).AsByte();
                    var q = (nibbles & low4) | Avx2.ShiftLeftLogical((high.AsByte() & low2).AsUInt16(), 4).AsByte();
                    high = Avx2.ShiftRightLogical(high, 2);
                    var scale = Simd.ScalePair(scales, ref pairs, 4 * half + k);
                    var offset = 128 * half + 32 * k;
                    s0 += Group6(q, scale, x0->Qs + offset);
                    s1 += Group6(q, scale, x1->Qs + offset);
                    s2 += Group6(q, scale, x2->Qs + offset);
                    s3 += Group6(q, scale, x3->Qs + offset);
                }
            }
            acc0 = Fma.MultiplyAdd(Vector256.Create(dw * x0->D), Avx.ConvertToVector256Single(s0), acc0);
            acc1 = Fma.MultiplyAdd(Vector256.Create(dw * x1->D), Avx.ConvertToVector256Single(s1), acc1);
            acc2 = Fma.MultiplyAdd(Vector256.Create(dw * x2->D), Avx.ConvertToVector256Single(s2), acc2);
            acc3 = Fma.MultiplyAdd(Vector256.Create(dw * x3->D), Avx.ConvertToVector256Single(s3), acc3);
        }
        Store(result, acc0, acc1, acc2, acc3);
    }

    /// <summary>q6·q8 pair sums weighted by the two group scales; the −32 offset is the block's OffsetTerm (see <see cref="DotQ6_K.V256"/>).</summary>
    private static Vector256<int> Group6(Vector256<byte> q, Vector256<short> scale, sbyte* a) =>
        Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(q, Avx.LoadVector256(a)), scale);

    private static void Store(float* result, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
    {
        result[0] = Vector256.Sum(a0);
        result[1] = Vector256.Sum(a1);
        result[2] = Vector256.Sum(a2);
        result[3] = Vector256.Sum(a3);
    }

    /// <summary>F32 weights: each 8-lane weight load feeds four FMA chains (one per activation row).</summary>
    public static void F32(byte* w, byte* x, long stride, int n, float* result) =>
        Float4<FloatRowDot.SingleWeights>(w, x, stride, n, result);

    /// <summary>F16 weights: each 8 weights are widened once (the costly part) for four rows.</summary>
    public static void F16(byte* w, byte* x, long stride, int n, float* result) =>
        Float4<FloatRowDot.HalfWeights>(w, x, stride, n, result);

    public static void BF16(byte* w, byte* x, long stride, int n, float* result) =>
        Float4<FloatRowDot.BFloat16Weights>(w, x, stride, n, result);

    private static void Float4<TWeights>(byte* w, byte* x, long stride, int n, float* result)
        where TWeights : struct, FloatRowDot.IFloatWeights
    {
        var x0 = (float*)x;
        var x1 = (float*)(x + stride);
        var x2 = (float*)(x + 2 * stride);
        var x3 = (float*)(x + 3 * stride);
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var wv = TWeights.Load8(w, i);
            acc0 = Fma.MultiplyAdd(wv, Avx.LoadVector256(x0 + i), acc0);
            acc1 = Fma.MultiplyAdd(wv, Avx.LoadVector256(x1 + i), acc1);
            acc2 = Fma.MultiplyAdd(wv, Avx.LoadVector256(x2 + i), acc2);
            acc3 = Fma.MultiplyAdd(wv, Avx.LoadVector256(x3 + i), acc3);
        }
        Store(result, acc0, acc1, acc2, acc3);
        for (; i < n; i++)
        {
            var wi = TWeights.Load1(w, i);
            result[0] += wi * x0[i];
            result[1] += wi * x1[i];
            result[2] += wi * x2[i];
            result[3] += wi * x3[i];
        }
    }
}
