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

    /// <summary>
    /// As <see cref="DotQ4_K.V256"/>; the high bits come from a copy of qh shifted right by 2 per chunk
    /// (16-bit shifts are safe: only bits 0 and 1 of each byte are read after masking).
    /// </summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ5_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector256<float>.Zero;
        var accMin = Vector128<float>.Zero;
        var low4 = Vector256.Create((byte)0x0F);
        var one = Vector256.Create((byte)1);
        for (var i = 0; i < n / 256; i++)
        {
            var d = Vector256.Create(bx[i].D * Fp16.ToSingle(bw[i].D));
            var dmin = Vector128.Create(-bx[i].D * Fp16.ToSingle(bw[i].DMin));
            KScales.Unpack(bw[i].Scales, out var scales, out var mins);
            var bsums = Avx.LoadVector256(bx[i].BSums);
            var pairSums = Ssse3.HorizontalAdd(bsums.GetLower(), bsums.GetUpper());
            var minProd = Sse2.MultiplyAddAdjacent(Avx2.ConvertToVector128Int16(mins), pairSums);
            accMin = Fma.MultiplyAdd(dmin, Sse2.ConvertToVector128Single(minProd), accMin);

            var q = bw[i].Qs;
            var a = bx[i].Qs;
            var hbits = Avx.LoadVector256(bw[i].Qh).AsUInt16();
            var sumi = Vector256<int>.Zero;
            for (var c = 0; c < 4; c++, q += 32, a += 64)
            {
                var q5 = Avx.LoadVector256(q);
                var hLo = Avx2.ShiftLeftLogical((hbits.AsByte() & one).AsUInt16(), 4).AsByte();
                var hHi = Avx2.ShiftLeftLogical((Avx2.ShiftRightLogical(hbits, 1).AsByte() & one).AsUInt16(), 4).AsByte();
                hbits = Avx2.ShiftRightLogical(hbits, 2);
                var lo = (q5 & low4) | hLo;
                var hi = (Avx2.ShiftRightLogical(q5.AsUInt16(), 4).AsByte() & low4) | hHi;
                var pLo = Avx2.MultiplyAddAdjacent(lo, Avx.LoadVector256(a));
                var pHi = Avx2.MultiplyAddAdjacent(hi, Avx.LoadVector256(a + 32));
                sumi += Avx2.MultiplyAddAdjacent(Vector256.Create((short)(scales >> (16 * c) & 0xFF)), pLo);
                sumi += Avx2.MultiplyAddAdjacent(Vector256.Create((short)(scales >> (16 * c + 8) & 0xFF)), pHi);
            }
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(sumi), acc);
        }
        return Vector256.Sum(acc) + Vector128.Sum(accMin);
    }
}
