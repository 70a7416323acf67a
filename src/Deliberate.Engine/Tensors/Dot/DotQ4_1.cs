using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>Q4_1 weights · Q8_1 activations: dw·dx·Σ q·qx + mw·sx (sx = dx·Σqx precomputed).</summary>
internal static unsafe class DotQ4_1
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ4_1*)w;
        var bx = (BlockQ8_1*)x;
        float sum = 0;
        for (var i = 0; i < n / 32; i++)
        {
            var isum = 0;
            for (var j = 0; j < 16; j++)
            {
                isum += (bw[i].Qs[j] & 15) * bx[i].Qs[j];
                isum += (bw[i].Qs[j] >> 4) * bx[i].Qs[j + 16];
            }
            sum += isum * (Fp16.ToSingle(bw[i].D) * Fp16.ToSingle(bx[i].D)) + Fp16.ToSingle(bw[i].M) * Fp16.ToSingle(bx[i].S);
        }
        return sum;
    }

    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ4_1*)w;
        var bx = (BlockQ8_1*)x;
        var acc = Vector256<float>.Zero;
        float mins = 0;
        for (var i = 0; i < n / 32; i++)
        {
            var d = Vector256.Create(Fp16.ToSingle(bw[i].D) * Fp16.ToSingle(bx[i].D));
            mins += Fp16.ToSingle(bw[i].M) * Fp16.ToSingle(bx[i].S);
            var p = Simd.MulAddU8I8(Simd.Nibbles32(bw[i].Qs), Avx.LoadVector256(bx[i].Qs));
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(p), acc);
        }
        return Vector256.Sum(acc) + mins;
    }

    /// <summary>Two blocks per 512-bit register; the min terms stay scalar (one product per block).</summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ4_1*)w;
        var bx = (BlockQ8_1*)x;
        var nb = n / 32;
        var acc = Vector512<float>.Zero;
        float mins = 0;
        var i = 0;
        for (; i + 2 <= nb; i += 2)
        {
            mins += Fp16.ToSingle(bw[i].M) * Fp16.ToSingle(bx[i].S)
                + Fp16.ToSingle(bw[i + 1].M) * Fp16.ToSingle(bx[i + 1].S);
            var p = Simd512.MulAddU8I8(Simd512.Nibbles64(bw[i].Qs, bw[i + 1].Qs), Simd512.Load2(bx[i].Qs, bx[i + 1].Qs));
            var d = Simd512.BlockScales(bw[i].D, bx[i].D, bw[i + 1].D, bx[i + 1].D);
            acc = Avx512F.FusedMultiplyAdd(d, Avx512F.ConvertToVector512Single(p), acc);
        }
        var sum = Vector512.Sum(acc) + mins;
        if (i < nb) sum += V256((byte*)(bw + i), (byte*)(bx + i), 32);
        return sum;
    }
}
