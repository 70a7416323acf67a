using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>Q5_0 weights · Q8_0 activations: Σ (q5−16)·qx per block × dw·dx.</summary>
internal static unsafe class DotQ5_0
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ5_0*)w;
        var bx = (BlockQ8_0*)x;
        float sum = 0;
        for (var i = 0; i < n / 32; i++)
        {
            var qh = *(uint*)bw[i].Qh;
            var isum = 0;
            for (var j = 0; j < 16; j++)
            {
                var q0 = ((bw[i].Qs[j] & 15) | (int)(((qh >> j) & 1) << 4)) - 16;
                var q1 = ((bw[i].Qs[j] >> 4) | (int)(((qh >> (j + 16)) & 1) << 4)) - 16;
                isum += q0 * bx[i].Qs[j] + q1 * bx[i].Qs[j + 16];
            }
            sum += isum * (Fp16.ToSingle(bw[i].D) * Fp16.ToSingle(bx[i].D));
        }
        return sum;
    }

    /// <summary>Lanes whose fifth bit is clear get 0xF0 OR-ed in, which reads as (q − 16) in int8.</summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ5_0*)w;
        var bx = (BlockQ8_0*)x;
        var acc = Vector256<float>.Zero;
        for (var i = 0; i < n / 32; i++)
        {
            var d = Vector256.Create(Fp16.ToSingle(bw[i].D) * Fp16.ToSingle(bx[i].D));
            var high = Avx2.AndNot(Simd.BytesFromBits32(*(uint*)bw[i].Qh), Vector256.Create((byte)0xF0));
            var qw = (Simd.Nibbles32(bw[i].Qs) | high).AsSByte();
            var p = Simd.MulAddI8I8(qw, Avx.LoadVector256(bx[i].Qs));
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(p), acc);
        }
        return Vector256.Sum(acc);
    }

    /// <summary>Two blocks per 512-bit register, fifth bits as in <see cref="V256"/>.</summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ5_0*)w;
        var bx = (BlockQ8_0*)x;
        var nb = n / 32;
        var acc = Vector512<float>.Zero;
        var f0 = Vector256.Create((byte)0xF0);
        var i = 0;
        for (; i + 2 <= nb; i += 2)
        {
            var high = Vector512.Create(Avx2.AndNot(Simd.BytesFromBits32(*(uint*)bw[i].Qh), f0),
                Avx2.AndNot(Simd.BytesFromBits32(*(uint*)bw[i + 1].Qh), f0));
            var qw = (Simd512.Nibbles64(bw[i].Qs, bw[i + 1].Qs) | high).AsSByte();
            var p = Simd512.MulAddI8I8(qw, Simd512.Load2(bx[i].Qs, bx[i + 1].Qs));
            var d = Simd512.BlockScales(bw[i].D, bx[i].D, bw[i + 1].D, bx[i + 1].D);
            acc = Avx512F.FusedMultiplyAdd(d, Avx512F.ConvertToVector512Single(p), acc);
        }
        var sum = Vector512.Sum(acc);
        if (i < nb) sum += V256((byte*)(bw + i), (byte*)(bx + i), 32);
        return sum;
    }
}
