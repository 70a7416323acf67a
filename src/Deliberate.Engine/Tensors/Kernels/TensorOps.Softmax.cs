using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Deliberate.Engine.Tensors.Kernels;

public static partial class TensorOps
{
    /// <summary>
    /// In-place <c>x[i] = exp(x[i] − max) / Σ exp(x − max)</c>. Subtracting the maximum keeps exp finite for
    /// logits of any size (TensorPrimitives.SoftMax does not). −∞ entries become 0; an empty span is a no-op.
    /// </summary>
    public static void Softmax(Span<float> x)
    {
        if (x.Length == 0) return;
        ref var p = ref MemoryMarshal.GetReference(x);
        var max = Max(x);
        var i = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var m = Vector256.Create(max);
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= x.Length; i += 8)
            {
                var e = Vector256.Exp(Vector256.LoadUnsafe(ref p, (nuint)i) - m);
                e.StoreUnsafe(ref p, (nuint)i);
                acc += e;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < x.Length; i++)
        {
            x[i] = MathF.Exp(x[i] - max);
            sum += x[i];
        }
        Scale(x, 1f / sum);
    }

    /// <summary>Scalar twin of <see cref="Softmax"/>.</summary>
    public static void SoftmaxScalar(Span<float> x)
    {
        if (x.Length == 0) return;
        var max = float.NegativeInfinity;
        foreach (var v in x) max = MathF.Max(max, v);
        float sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Exp(x[i] - max);
            sum += x[i];
        }
        var inv = 1f / sum;
        for (var i = 0; i < x.Length; i++) x[i] *= inv;
    }

    /// <summary>Largest element (−∞ for an empty span).</summary>
    public static float Max(ReadOnlySpan<float> x)
    {
        ref var p = ref MemoryMarshal.GetReference(x);
        var max = float.NegativeInfinity;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            var m = Vector256.Create(float.NegativeInfinity);
            for (; i + 8 <= x.Length; i += 8) m = Vector256.Max(m, Vector256.LoadUnsafe(ref p, (nuint)i));
            for (var k = 0; k < 8; k++) max = MathF.Max(max, m[k]);
        }
        for (; i < x.Length; i++) max = MathF.Max(max, x[i]);
        return max;
    }
}
