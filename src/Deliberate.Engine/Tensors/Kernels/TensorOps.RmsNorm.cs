using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Deliberate.Engine.Tensors.Kernels;

public static partial class TensorOps
{
    /// <summary>
    /// <c>dst[i] = x[i] / sqrt(mean(x²) + eps) · weight[i]</c> in f32 (dst may alias x).
    /// The sum of squares accumulates in 8 lanes, so the result differs from the scalar twin by rounding only.
    /// </summary>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> dst)
    {
        CheckLengths(x.Length, weight.Length, dst.Length);
        if (x.Length == 0) return;
        var scale = 1f / MathF.Sqrt(SumOfSquares(x) / x.Length + eps);
        Multiply(x, weight, scale, dst);
    }

    /// <summary>Scalar twin of <see cref="RmsNorm"/>.</summary>
    public static void RmsNormScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> dst)
    {
        CheckLengths(x.Length, weight.Length, dst.Length);
        if (x.Length == 0) return;
        float sum = 0;
        for (var i = 0; i < x.Length; i++) sum += x[i] * x[i];
        var scale = 1f / MathF.Sqrt(sum / x.Length + eps);
        for (var i = 0; i < x.Length; i++) dst[i] = x[i] * scale * weight[i];
    }

    private static float SumOfSquares(ReadOnlySpan<float> x)
    {
        ref var p = ref MemoryMarshal.GetReference(x);
        var i = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref p, (nuint)i);
                acc += v * v;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < x.Length; i++) sum += x[i] * x[i];
        return sum;
    }

    /// <summary>dst[i] = x[i] · scale · w[i].</summary>
    private static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float scale, Span<float> dst)
    {
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pd = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i + 8 <= x.Length; i += 8)
                (Vector256.LoadUnsafe(ref px, (nuint)i) * s * Vector256.LoadUnsafe(ref pw, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        for (; i < x.Length; i++) dst[i] = x[i] * scale * w[i];
    }

    private static void CheckLengths(int x, int other, int dst)
    {
        if (other != x) throw new ArgumentException($"length {other} does not match input length {x}", nameof(other));
        if (dst < x) throw new ArgumentException($"destination length {dst} is shorter than input length {x}", nameof(dst));
    }
}
