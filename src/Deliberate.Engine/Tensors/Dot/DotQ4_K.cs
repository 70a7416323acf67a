using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// Q4_K weights · Q8_K activations: dw·dx·Σ_k sc[k]·(Σ q4·q8 over sub-block k) − dminw·dx·Σ_k mn[k]·(bsum[2k]+bsum[2k+1]).
/// </summary>
internal static unsafe class DotQ4_K
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ4_K*)w;
        var bx = (BlockQ8_K*)x;
        float sum = 0;
        for (var i = 0; i < n / 256; i++)
        {
            var q = bw[i].Qs;
            var a = bx[i].Qs;
            int isum = 0, summs = 0;
            for (var c = 0; c < 4; c++, q += 32, a += 64)
            {
                QuantSearch.ScaleMinK4(2 * c, bw[i].Scales, out var sc1, out var m1);
                QuantSearch.ScaleMinK4(2 * c + 1, bw[i].Scales, out var sc2, out var m2);
                int s1 = 0, s2 = 0;
                for (var l = 0; l < 32; l++)
                {
                    s1 += (q[l] & 15) * a[l];
                    s2 += (q[l] >> 4) * a[l + 32];
                }
                isum += sc1 * s1 + sc2 * s2;
                summs += m1 * (bx[i].BSums[4 * c] + bx[i].BSums[4 * c + 1]) + m2 * (bx[i].BSums[4 * c + 2] + bx[i].BSums[4 * c + 3]);
            }
            sum += bx[i].D * (Fp16.ToSingle(bw[i].D) * isum - Fp16.ToSingle(bw[i].DMin) * summs);
        }
        return sum;
    }

    /// <summary>
    /// Per 64-element chunk: vpmaddubsw (q4 unsigned ≤ 15, q8 signed) → int16 pair sums, then vpmaddwd with the
    /// sub-block scale broadcast → int32; mins use 8 int16 bsum pairs × 8 six-bit mins in one vpmaddwd.
    /// </summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ4_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector256<float>.Zero;
        var accMin = Vector128<float>.Zero;
        for (var i = 0; i < n / 256; i++)
        {
            var d = Vector256.Create(bx[i].D * Fp16.ToSingle(bw[i].D));
            accMin = KScales.AccumulateMins(bw[i].Scales, bx + i, -bx[i].D * Fp16.ToSingle(bw[i].DMin), accMin, out var scales);

            var q = bw[i].Qs;
            var a = bx[i].Qs;
            var sumi = Chunk(q, a, scales) + Chunk(q + 32, a + 64, scales >> 16);
            sumi += Chunk(q + 64, a + 128, scales >> 32) + Chunk(q + 96, a + 192, scales >> 48);
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(sumi), acc);
        }
        return Vector256.Sum(acc) + Vector128.Sum(accMin);
    }

    /// <summary>64 values: low nibbles × a[0..31] weighted by scale byte 0, high nibbles × a[32..63] by byte 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Chunk(byte* q, sbyte* a, ulong scales)
    {
        var low4 = Vector256.Create((byte)0x0F);
        var q4 = Avx.LoadVector256(q);
        var pLo = Avx2.MultiplyAddAdjacent(q4 & low4, Avx.LoadVector256(a));
        var pHi = Avx2.MultiplyAddAdjacent(Avx2.ShiftRightLogical(q4.AsUInt16(), 4).AsByte() & low4, Avx.LoadVector256(a + 32));
        return Avx2.MultiplyAddAdjacent(Vector256.Create((short)(byte)scales), pLo)
            + Avx2.MultiplyAddAdjacent(Vector256.Create((short)(byte)(scales >> 8)), pHi);
    }

    /// <summary>
    /// Two 64-value chunks per register: 64 qs bytes load at once; the low nibbles of chunk c and c+1 meet
    /// a[64c..] and a[64c+64..] (scale bytes 2c, 2c+2), the high nibbles a[64c+32..] and a[64c+96..] (2c+1, 2c+3).
    /// </summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ4_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector512<float>.Zero;
        var accMin = Vector128<float>.Zero;
        for (var i = 0; i < n / 256; i++)
        {
            accMin = KScales.AccumulateMins(bw[i].Scales, bx + i, -bx[i].D * Fp16.ToSingle(bw[i].DMin), accMin, out var scales);
            var sumi = Chunks512(bw[i].Qs, bx[i].Qs, scales) + Chunks512(bw[i].Qs + 64, bx[i].Qs + 128, scales >> 32);
            acc = Avx512F.FusedMultiplyAdd(Vector512.Create(bx[i].D * Fp16.ToSingle(bw[i].D)), Avx512F.ConvertToVector512Single(sumi), acc);
        }
        return Vector512.Sum(acc) + Vector128.Sum(accMin);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Chunks512(byte* q, sbyte* a, ulong scales)
    {
        var low4 = Vector512.Create((byte)0x0F);
        var q4 = Avx512F.LoadVector512(q);
        return Simd512.Weighted(q4 & low4, Simd512.Load2(a, a + 64), Simd512.Halves((short)(byte)scales, (short)(byte)(scales >> 16)))
            + Simd512.Weighted(Simd512.ShiftRight(q4, 4) & low4, Simd512.Load2(a + 32, a + 96),
                Simd512.Halves((short)(byte)(scales >> 8), (short)(byte)(scales >> 24)));
    }
}
