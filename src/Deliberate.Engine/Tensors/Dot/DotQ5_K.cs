using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>Q5_K weights · Q8_K activations: as Q4_K with a fifth bit per value from qh.</summary>
internal static unsafe class DotQ5_K
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ5_K*)w;
        var bx = (BlockQ8_K*)x;
        float sum = 0;
        for (var i = 0; i < n / 256; i++)
        {
            var q = bw[i].Qs;
            var qh = bw[i].Qh;
            var a = bx[i].Qs;
            int isum = 0, summs = 0;
            for (var c = 0; c < 4; c++, q += 32, a += 64)
            {
                QuantSearch.ScaleMinK4(2 * c, bw[i].Scales, out var sc1, out var m1);
                QuantSearch.ScaleMinK4(2 * c + 1, bw[i].Scales, out var sc2, out var m2);
                int s1 = 0, s2 = 0;
                for (var l = 0; l < 32; l++)
                {
                    s1 += ((q[l] & 15) + (((qh[l] >> (2 * c)) & 1) << 4)) * a[l];
                    s2 += ((q[l] >> 4) + (((qh[l] >> (2 * c + 1)) & 1) << 4)) * a[l + 32];
                }
                isum += sc1 * s1 + sc2 * s2;
                summs += m1 * (bx[i].BSums[4 * c] + bx[i].BSums[4 * c + 1]) + m2 * (bx[i].BSums[4 * c + 2] + bx[i].BSums[4 * c + 3]);
            }
            sum += bx[i].D * (Fp16.ToSingle(bw[i].D) * isum - Fp16.ToSingle(bw[i].DMin) * summs);
        }
        return sum;
    }

    /// <summary>As <see cref="DotQ4_K.V256"/> with the fifth bits OR-ed in per chunk.</summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ5_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector256<float>.Zero;
        var accMin = Vector128<float>.Zero;
        for (var i = 0; i < n / 256; i++)
        {
            var d = Vector256.Create(bx[i].D * Fp16.ToSingle(bw[i].D));
            accMin = KScales.AccumulateMins(bw[i].Scales, bx + i, -bx[i].D * Fp16.ToSingle(bw[i].DMin), accMin, out var scales);

            var q = bw[i].Qs;
            var a = bx[i].Qs;
            var hbits = Avx.LoadVector256(bw[i].Qh).AsUInt16();
            var sumi = Chunk(q, a, hbits, scales) + Chunk(q + 32, a + 64, Avx2.ShiftRightLogical(hbits, 2), scales >> 16);
            sumi += Chunk(q + 64, a + 128, Avx2.ShiftRightLogical(hbits, 4), scales >> 32)
                + Chunk(q + 96, a + 192, Avx2.ShiftRightLogical(hbits, 6), scales >> 48);
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(sumi), acc);
        }
        return Vector256.Sum(acc) + Vector128.Sum(accMin);
    }

    /// <summary>
    /// 64 values: (low nibble | bit 0 of each qh byte ≪ 4) × a[0..31] with scale byte 0, (high nibble | bit 1 ≪ 4)
    /// × a[32..63] with scale byte 1. <paramref name="hbits"/> is qh pre-shifted by 2 per chunk (16-bit shifts are
    /// safe: only bits 0 and 1 of each byte are read after masking).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Chunk(byte* q, sbyte* a, Vector256<ushort> hbits, ulong scales)
    {
        var low4 = Vector256.Create((byte)0x0F);
        var one = Vector256.Create((byte)1);
        var q5 = Avx.LoadVector256(q);
        var hLo = Avx2.ShiftLeftLogical((hbits.AsByte() & one).AsUInt16(), 4).AsByte();
        var hHi = Avx2.ShiftLeftLogical((Avx2.ShiftRightLogical(hbits, 1).AsByte() & one).AsUInt16(), 4).AsByte();
        var pLo = Avx2.MultiplyAddAdjacent((q5 & low4) | hLo, Avx.LoadVector256(a));
        var pHi = Avx2.MultiplyAddAdjacent((Avx2.ShiftRightLogical(q5.AsUInt16(), 4).AsByte() & low4) | hHi, Avx.LoadVector256(a + 32));
        return Avx2.MultiplyAddAdjacent(Vector256.Create((short)(byte)scales), pLo)
            + Avx2.MultiplyAddAdjacent(Vector256.Create((short)(byte)(scales >> 8)), pHi);
    }

    /// <summary>As <see cref="DotQ4_K.V512"/> with the fifth bits: chunk c reads bits 2c and 2c+1 of each qh byte.</summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ5_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector512<float>.Zero;
        var accMin = Vector128<float>.Zero;
        for (var i = 0; i < n / 256; i++)
        {
            accMin = KScales.AccumulateMins(bw[i].Scales, bx + i, -bx[i].D * Fp16.ToSingle(bw[i].DMin), accMin, out var scales);
            var qh = Avx.LoadVector256(bw[i].Qh).AsUInt16();
            var h01 = Vector512.Create(qh, Avx2.ShiftRightLogical(qh, 2)).AsByte();
            var h23 = Vector512.Create(Avx2.ShiftRightLogical(qh, 4), Avx2.ShiftRightLogical(qh, 6)).AsByte();
            var sumi = Chunks512(bw[i].Qs, bx[i].Qs, h01, scales) + Chunks512(bw[i].Qs + 64, bx[i].Qs + 128, h23, scales >> 32);
            acc = Avx512F.FusedMultiplyAdd(Vector512.Create(bx[i].D * Fp16.ToSingle(bw[i].D)), Avx512F.ConvertToVector512Single(sumi), acc);
        }
        return Vector512.Sum(acc) + Vector128.Sum(accMin);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Chunks512(byte* q, sbyte* a, Vector512<byte> hbits, ulong scales)
    {
        var low4 = Vector512.Create((byte)0x0F);
        var one = Vector512.Create((byte)1);
        var q5 = Avx512F.LoadVector512(q);
        var lo = (q5 & low4) | Simd512.ShiftLeft(hbits & one, 4);
        var hi = (Simd512.ShiftRight(q5, 4) & low4) | Simd512.ShiftLeft(Simd512.ShiftRight(hbits, 1) & one, 4);
        return Simd512.Weighted(lo, Simd512.Load2(a, a + 64), Simd512.Halves((short)(byte)scales, (short)(byte)(scales >> 16)))
            + Simd512.Weighted(hi, Simd512.Load2(a + 32, a + 96), Simd512.Halves((short)(byte)(scales >> 8), (short)(byte)(scales >> 24)));
    }
}
