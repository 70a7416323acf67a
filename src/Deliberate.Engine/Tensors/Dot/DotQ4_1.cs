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
            sum += isum * (Fp16.ToSingleFinite(bw[i].D) * Fp16.ToSingleFinite(bx[i].D)) + Fp16.ToSingleFinite(bw[i].M) * Fp16.ToSingleFinite(bx[i].S);
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
            var d = Vector256.Create(Fp16.ToSingleFinite(bw[i].D) * Fp16.ToSingleFinite(bx[i].D));
            mins += Fp16.ToSingleFinite(bw[i].M) * Fp16.ToSingleFinite(bx[i].S);
            var p = Simd.MulAddU8I8(Simd.Nibbles32(bw[i].Qs), Avx.LoadVector256(bx[i].Qs));
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(p), acc);
        }
        return Vector256.Sum(acc) + mins;
    }
}
