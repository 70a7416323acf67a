using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Deliberate.Engine.Tensors.Kernels;

/// <summary>
/// Element-wise f32 kernels for the model code. Each public kernel has a <c>…Scalar</c> twin; the vector path
/// uses Vector256 when hardware-accelerated and finishes the tail in scalar code.
/// </summary>
public static partial class TensorOps
{
    /// <summary><c>dst[i] = a[i] + b[i]</c> (dst may alias a or b; residual connections use dst = a).</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        CheckLengths(a.Length, b.Length, dst.Length);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var pd = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= a.Length; i += 8)
                (Vector256.LoadUnsafe(ref pa, (nuint)i) + Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        for (; i < a.Length; i++) dst[i] = a[i] + b[i];
    }

    /// <summary>Scalar twin of <see cref="Add"/>.</summary>
    public static void AddScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        CheckLengths(a.Length, b.Length, dst.Length);
        for (var i = 0; i < a.Length; i++) dst[i] = a[i] + b[i];
    }

    /// <summary>In-place <c>x[i] *= factor</c>.</summary>
    public static void Scale(Span<float> x, float factor)
    {
        ref var p = ref MemoryMarshal.GetReference(x);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var f = Vector256.Create(factor);
            for (; i + 8 <= x.Length; i += 8) (Vector256.LoadUnsafe(ref p, (nuint)i) * f).StoreUnsafe(ref p, (nuint)i);
        }
        for (; i < x.Length; i++) x[i] *= factor;
    }

    /// <summary>Scalar twin of <see cref="Scale"/>.</summary>
    public static void ScaleScalar(Span<float> x, float factor)
    {
        for (var i = 0; i < x.Length; i++) x[i] *= factor;
    }

    /// <summary>In-place <c>acc[i] += factor · x[i]</c> (attention: accumulate weighted value rows).</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float factor, Span<float> acc)
    {
        CheckLengths(x.Length, x.Length, acc.Length);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pa = ref MemoryMarshal.GetReference(acc);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var f = Vector256.Create(factor);
            for (; i + 8 <= x.Length; i += 8)
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref px, (nuint)i), f, Vector256.LoadUnsafe(ref pa, (nuint)i)).StoreUnsafe(ref pa, (nuint)i);
        }
        for (; i < x.Length; i++) acc[i] = MathF.FusedMultiplyAdd(x[i], factor, acc[i]);
    }

    /// <summary>Scalar twin of <see cref="MultiplyAdd"/>.</summary>
    public static void MultiplyAddScalar(ReadOnlySpan<float> x, float factor, Span<float> acc)
    {
        CheckLengths(x.Length, x.Length, acc.Length);
        for (var i = 0; i < x.Length; i++) acc[i] = MathF.FusedMultiplyAdd(x[i], factor, acc[i]);
    }
}
