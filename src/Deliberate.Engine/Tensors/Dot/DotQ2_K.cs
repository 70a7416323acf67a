using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// Q2_K weights · Q8_K activations: dx·(d·Σ_g (sc[g]&amp;15)·Σ q2·q8 − dmin·Σ_g (sc[g]&gt;&gt;4)·bsum[g]).
/// </summary>
internal static unsafe class DotQ2_K
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ2_K*)w;
        var bx = (BlockQ8_K*)x;
        float sum = 0;
        for (var i = 0; i < n / 256; i++)
        {
            var summs = 0;
            for (var g = 0; g < 16; g++) summs += (bw[i].Scales[g] >> 4) * bx[i].BSums[g];
            var isum = 0;
            var a = bx[i].Qs;
            var group = 0;
            for (var half = 0; half < 2; half++)
            {
                var q = bw[i].Qs + 32 * half;
                for (var shift = 0; shift < 8; shift += 2)
                {
                    int s1 = 0, s2 = 0;
                    for (var l = 0; l < 16; l++)
                    {
                        s1 += ((q[l] >> shift) & 3) * a[l];
                        s2 += ((q[l + 16] >> shift) & 3) * a[l + 16];
                    }
                    isum += (bw[i].Scales[group] & 0xF) * s1 + (bw[i].Scales[group + 1] & 0xF) * s2;
                    group += 2;
                    a += 32;
                }
            }
            sum += bx[i].D * (Fp16.ToSingle(bw[i].D) * isum - Fp16.ToSingle(bw[i].DMin) * summs);
        }
        return sum;
    }

    /// <summary>
    /// Per 32 values: 2-bit q (unsigned) × q8 via vpmaddubsw, weighted by the two 4-bit sub-block scales via
    /// vpmaddwd; the 16 mins multiply the 16 bsums in one vpmaddwd.
    /// </summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ2_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector256<float>.Zero;
        var accMin = Vector256<float>.Zero;
        var low2 = Vector256.Create((byte)3);
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        for (var i = 0; i < n / 256; i++)
        {
            var d = Vector256.Create(bx[i].D * Fp16.ToSingle(bw[i].D));
            var dmin = Vector256.Create(-bx[i].D * Fp16.ToSingle(bw[i].DMin));
            var packed = Sse2.LoadVector128(bw[i].Scales);
            var scales = packed & Vector128.Create((byte)0x0F);
            var mins = Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & Vector128.Create((byte)0x0F);
            var minProd = Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(mins).AsInt16(), Avx.LoadVector256(bx[i].BSums));
            accMin = Fma.MultiplyAdd(dmin, Avx.ConvertToVector256Single(minProd), accMin);
            var a = bx[i].Qs;
            var sumi = Vector256<int>.Zero;
            for (var half = 0; half < 2; half++)
            {
                var bits = Avx.LoadVector256(bw[i].Qs + 32 * half).AsUInt16();
                for (var k = 0; k < 4; k++, a += 32)
                {
                    var q2 = bits.AsByte() & low2;
                    bits = Avx2.ShiftRightLogical(bits, 2);
                    var products = Avx2.MultiplyAddAdjacent(q2, Avx.LoadVector256(a));
                    sumi += Avx2.MultiplyAddAdjacent(products, Simd.ScalePair(scales, ref pairs, 4 * half + k));
                }
            }
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(sumi), acc);
        }
        return Vector256.Sum(acc + accMin);
    }

    /// <summary>
    /// As <see cref="V256"/> with both 128-value halves of a super-block in one register: the 64 qs bytes load
    /// at once, lanes 0..31 are half 0's values and lanes 32..63 half 1's, for each of the four 2-bit planes.
    /// </summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ2_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector512<float>.Zero;
        var accMin = Vector256<float>.Zero;
        var low2 = Vector512.Create((byte)3);
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        for (var i = 0; i < n / 256; i++)
        {
            var dmin = Vector256.Create(-bx[i].D * Fp16.ToSingle(bw[i].DMin));
            var packed = Sse2.LoadVector128(bw[i].Scales);
            var scales = packed & Vector128.Create((byte)0x0F);
            var mins = Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & Vector128.Create((byte)0x0F);
            var minProd = Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(mins).AsInt16(), Avx.LoadVector256(bx[i].BSums));
            accMin = Fma.MultiplyAdd(dmin, Avx.ConvertToVector256Single(minProd), accMin);
            var a = bx[i].Qs;
            var bits = Avx512F.LoadVector512(bw[i].Qs);
            var sumi = Vector512<int>.Zero;
            for (var k = 0; k < 4; k++, a += 32)
            {
                var q2 = bits & low2;
                bits = Simd512.ShiftRight(bits, 2);
                sumi += Simd512.Weighted(q2, Simd512.Load2(a, a + 128), Simd512.ScalePairs(scales, ref pairs, k, 4 + k));
            }
            acc = Avx512F.FusedMultiplyAdd(Vector512.Create(bx[i].D * Fp16.ToSingle(bw[i].D)), Avx512F.ConvertToVector512Single(sumi), acc);
        }
        return Vector512.Sum(acc) + Vector256.Sum(accMin);
    }
}
