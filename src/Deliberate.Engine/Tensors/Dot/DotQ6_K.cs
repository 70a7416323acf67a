using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>Q6_K weights · Q8_K activations: dw·dx·Σ_e scales[e/16]·(q6[e] − 32)·q8[e].</summary>
internal static unsafe class DotQ6_K
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ6_K*)w;
        var bx = (BlockQ8_K*)x;
        var q6 = stackalloc int[256];
        float sum = 0;
        for (var i = 0; i < n / 256; i++)
        {
            for (var half = 0; half < 2; half++)
            {
                var ql = bw[i].Ql + 64 * half;
                var qh = bw[i].Qh + 32 * half;
                var o = q6 + 128 * half;
                for (var l = 0; l < 32; l++)
                {
                    o[l] = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32;
                    o[l + 32] = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    o[l + 64] = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    o[l + 96] = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                }
            }
            var isum = 0;
            for (var g = 0; g < 16; g++)
            {
                var s = 0;
                for (var l = 0; l < 16; l++) s += q6[16 * g + l] * bx[i].Qs[16 * g + l];
                isum += bw[i].Scales[g] * s;
            }
            sum += Fp16.ToSingle(bw[i].D) * bx[i].D * isum;
        }
        return sum;
    }

    /// <summary>
    /// q6 stays unsigned (0..63) for vpmaddubsw; the −32 offset is applied once per block as
    /// 32 · Σ_g scale_g · bsum_g from the Q8_K block's 16-value sums (as llama.cpp does), not per chunk.
    /// Each 32-value vector spans two 16-value scale groups, so the int16 products are weighted by
    /// [scale a ×8 | scale b ×8] via vpmaddwd. The block total is the same integer as subtracting per chunk.
    /// </summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ6_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector256<float>.Zero;
        var low4 = Vector256.Create((byte)0x0F);
        var low2 = Vector256.Create((byte)0x03);
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        for (var i = 0; i < n / 256; i++)
        {
            var d = Vector256.Create(bx[i].D * Fp16.ToSingle(bw[i].D));
            var scales = Sse2.LoadVector128((byte*)bw[i].Scales);
            var ql = bw[i].Ql;
            var qh = bw[i].Qh;
            var a = bx[i].Qs;
            var sumi = -Avx2.ShiftLeftLogical(OffsetTerm(scales, bx + i), 5);
            for (var half = 0; half < 2; half++, ql += 64, qh += 32, a += 128)
            {
                var bits1 = Avx.LoadVector256(ql);
                var bits2 = Avx.LoadVector256(ql + 32);
                var high = Avx.LoadVector256(qh).AsUInt16();
                var q0 = (bits1 & low4) | Avx2.ShiftLeftLogical((high.AsByte() & low2).AsUInt16(), 4).AsByte();
                var q1 = (bits2 & low4) | Avx2.ShiftLeftLogical((Avx2.ShiftRightLogical(high, 2).AsByte() & low2).AsUInt16(), 4).AsByte();
                var q2 = (Avx2.ShiftRightLogical(bits1.AsUInt16(), 4).AsByte() & low4)
                    | Avx2.ShiftLeftLogical((Avx2.ShiftRightLogical(high, 4).AsByte() & low2).AsUInt16(), 4).AsByte();
                var q3 = (Avx2.ShiftRightLogical(bits2.AsUInt16(), 4).AsByte() & low4)
                    | Avx2.ShiftLeftLogical((Avx2.ShiftRightLogical(high, 6).AsByte() & low2).AsUInt16(), 4).AsByte();
                var p = 4 * half;
                sumi += Chunk(q0, Avx.LoadVector256(a), scales, ref pairs, p);
                sumi += Chunk(q1, Avx.LoadVector256(a + 32), scales, ref pairs, p + 1);
                sumi += Chunk(q2, Avx.LoadVector256(a + 64), scales, ref pairs, p + 2);
                sumi += Chunk(q3, Avx.LoadVector256(a + 96), scales, ref pairs, p + 3);
            }
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(sumi), acc);
        }
        return Vector256.Sum(acc);
    }

    private static Vector256<int> Chunk(Vector256<byte> q, Vector256<sbyte> a, Vector128<byte> scales, ref byte pairs, int pattern) =>
        Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(q, a), Simd.ScalePair(scales, ref pairs, pattern));

    /// <summary>Σ_g scale_g · bsum_g in eight int32 lanes: the block's q·x excess from storing q6 + 32 (times 32).</summary>
    internal static Vector256<int> OffsetTerm(Vector128<byte> scales, BlockQ8_K* x) =>
        Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(scales.AsSByte()), Avx.LoadVector256(x->BSums));

    /// <summary>
    /// As <see cref="V256"/> with both 128-value halves in one register: plane j of half 0 in the low lanes,
    /// plane j of half 1 in the high lanes (the 64 qh bytes load at once; ql pairs are 64 bytes apart).
    /// </summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ6_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector512<float>.Zero;
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        for (var i = 0; i < n / 256; i++)
        {
            var scales = Sse2.LoadVector128((byte*)bw[i].Scales);
            var a = bx[i].Qs;
            Unpack512(bw + i, out var q0, out var q1, out var q2, out var q3);
            var sumi = Vector512.Create(-Avx2.ShiftLeftLogical(OffsetTerm(scales, bx + i), 5), Vector256<int>.Zero);
            sumi += Simd512.Weighted(q0, Simd512.Load2(a, a + 128), Simd512.ScalePairs(scales, ref pairs, 0, 4));
            sumi += Simd512.Weighted(q1, Simd512.Load2(a + 32, a + 160), Simd512.ScalePairs(scales, ref pairs, 1, 5));
            sumi += Simd512.Weighted(q2, Simd512.Load2(a + 64, a + 192), Simd512.ScalePairs(scales, ref pairs, 2, 6));
            sumi += Simd512.Weighted(q3, Simd512.Load2(a + 96, a + 224), Simd512.ScalePairs(scales, ref pairs, 3, 7));
            acc = Avx512F.FusedMultiplyAdd(Vector512.Create(bx[i].D * Fp16.ToSingle(bw[i].D)), Avx512F.ConvertToVector512Single(sumi), acc);
        }
        return Vector512.Sum(acc);
    }

    /// <summary>
    /// The 256 six-bit values of a super-block in four registers: q_k holds value group k of the first 128-value half
    /// in its low 256 bits and group k of the second half in its high bits (the layout every 512-bit Q6_K kernel uses).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Unpack512(BlockQ6_K* block, out Vector512<byte> q0, out Vector512<byte> q1, out Vector512<byte> q2, out Vector512<byte> q3)
    {
        var low4 = Vector512.Create((byte)0x0F);
        var low2 = Vector512.Create((byte)0x03);
        var ql = block->Ql;
        var bits1 = Vector512.Create(Avx.LoadVector256(ql), Avx.LoadVector256(ql + 64));
        var bits2 = Vector512.Create(Avx.LoadVector256(ql + 32), Avx.LoadVector256(ql + 96));
        var high = Avx512F.LoadVector512(block->Qh);
        q0 = (bits1 & low4) | Simd512.ShiftLeft(high & low2, 4);
        q1 = (bits2 & low4) | Simd512.ShiftLeft(Simd512.ShiftRight(high, 2) & low2, 4);
        q2 = (Simd512.ShiftRight(bits1, 4) & low4) | Simd512.ShiftLeft(Simd512.ShiftRight(high, 4) & low2, 4);
        q3 = (Simd512.ShiftRight(bits2, 4) & low4) | Simd512.ShiftLeft(Simd512.ShiftRight(high, 6) & low2, 4);
    }
}
