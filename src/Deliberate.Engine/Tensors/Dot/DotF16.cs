using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// F16 weights · F32 activations. ggml converts the activations to f16 first; keeping them f32 costs no
/// weight bandwidth and removes one rounding, so this path is slightly more accurate than llama.cpp's.
/// </summary>
internal static unsafe class DotF16
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        float sum = 0;
        for (var i = 0; i < n; i++) sum += Fp16.ToSingle(a[i]) * b[i];
        return sum;
    }

    public static float V256(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        Vector256<float> s0 = default, s1 = default;
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            s0 = Fma.MultiplyAdd(Fp16Conversion.Widen8(a + i), Avx.LoadVector256(b + i), s0);
            s1 = Fma.MultiplyAdd(Fp16Conversion.Widen8(a + i + 8), Avx.LoadVector256(b + i + 8), s1);
        }
        for (; i + 8 <= n; i += 8)
            s0 = Fma.MultiplyAdd(Fp16Conversion.Widen8(a + i), Avx.LoadVector256(b + i), s0);
        var sum = Vector256.Sum(s0 + s1);
        for (; i < n; i++) sum += Fp16.ToSingle(a[i]) * b[i];
        return sum;
    }

    public static float V512(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        Vector512<float> s0 = default, s1 = default;
        var i = 0;
        for (; i + 32 <= n; i += 32)
        {
            s0 = Avx512F.FusedMultiplyAdd(Fp16Conversion.Widen16(a + i), Avx512F.LoadVector512(b + i), s0);
            s1 = Avx512F.FusedMultiplyAdd(Fp16Conversion.Widen16(a + i + 16), Avx512F.LoadVector512(b + i + 16), s1);
        }
        for (; i + 16 <= n; i += 16)
            s0 = Avx512F.FusedMultiplyAdd(Fp16Conversion.Widen16(a + i), Avx512F.LoadVector512(b + i), s0);
        var sum = Vector512.Sum(s0 + s1);
        for (; i < n; i++) sum += Fp16.ToSingle(a[i]) * b[i];
        return sum;
    }
}
