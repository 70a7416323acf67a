using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>F32 weights · F32 activations.</summary>
internal static unsafe class DotF32
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var a = (float*)w;
        var b = (float*)x;
        float sum = 0;
        for (var i = 0; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Four independent FMA chains hide the FMA latency; the tail runs scalar.</summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var a = (float*)w;
        var b = (float*)x;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        var i = 0;
        for (; i + 32 <= n; i += 32)
        {
            s0 = Fma.MultiplyAdd(Avx.LoadVector256(a + i), Avx.LoadVector256(b + i), s0);
            s1 = Fma.MultiplyAdd(Avx.LoadVector256(a + i + 8), Avx.LoadVector256(b + i + 8), s1);
            s2 = Fma.MultiplyAdd(Avx.LoadVector256(a + i + 16), Avx.LoadVector256(b + i + 16), s2);
            s3 = Fma.MultiplyAdd(Avx.LoadVector256(a + i + 24), Avx.LoadVector256(b + i + 24), s3);
        }
        for (; i + 8 <= n; i += 8)
            s0 = Fma.MultiplyAdd(Avx.LoadVector256(a + i), Avx.LoadVector256(b + i), s0);
        var sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    public static float V512(byte* w, byte* x, int n) => FloatRowDot.V512<FloatRowDot.SingleWeights>(w, x, n);
}
