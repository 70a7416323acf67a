using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>Q8_0 weights · Q8_0 activations: per block Σ qw·qx (int) × dw·dx.</summary>
internal static unsafe class DotQ8_0
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ8_0*)w;
        var bx = (BlockQ8_0*)x;
        float sum = 0;
        for (var i = 0; i < n / 32; i++)
        {
            var isum = 0;
            for (var j = 0; j < 32; j++) isum += bw[i].Qs[j] * bx[i].Qs[j];
            sum += isum * (Fp16.ToSingle(bw[i].D) * Fp16.ToSingle(bx[i].D));
        }
        return sum;
    }

    /// <summary>One block = one 32-byte vector; two accumulators over alternate blocks.</summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ8_0*)w;
        var bx = (BlockQ8_0*)x;
        var nb = n / 32;
        Vector256<float> acc0 = default, acc1 = default;
        var i = 0;
        for (; i + 2 <= nb; i += 2)
        {
            acc0 = Block(bw + i, bx + i, acc0);
            acc1 = Block(bw + i + 1, bx + i + 1, acc1);
        }
        if (i < nb) acc0 = Block(bw + i, bx + i, acc0);
        return Vector256.Sum(acc0 + acc1);
    }

    private static Vector256<float> Block(BlockQ8_0* w, BlockQ8_0* x, Vector256<float> acc)
    {
        var d = Vector256.Create(Fp16.ToSingle(w->D) * Fp16.ToSingle(x->D));
        var p = Simd.MulAddI8I8(Avx.LoadVector256(w->Qs), Avx.LoadVector256(x->Qs));
        return Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(p), acc);
    }

    /// <summary>Two blocks per 512-bit register (block i in the low half, i+1 in the high half).</summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ8_0*)w;
        var bx = (BlockQ8_0*)x;
        var nb = n / 32;
        var acc = Vector512<float>.Zero;
        var i = 0;
        for (; i + 2 <= nb; i += 2)
        {
            var p = Simd512.MulAddI8I8(Simd512.Load2(bw[i].Qs, bw[i + 1].Qs), Simd512.Load2(bx[i].Qs, bx[i + 1].Qs));
            var d = Simd512.BlockScales(bw[i].D, bx[i].D, bw[i + 1].D, bx[i + 1].D);
            acc = Avx512F.FusedMultiplyAdd(d, Avx512F.ConvertToVector512Single(p), acc);
        }
        var sum = Vector512.Sum(acc);
        if (i < nb) sum += V256((byte*)(bw + i), (byte*)(bx + i), 32);
        return sum;
    }
}
