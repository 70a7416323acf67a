using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Deliberate.Engine.Tensors.Kernels;

public static partial class TensorOps
{
    /// <summary><c>dst[i] = silu(gate[i]) · up[i]</c> with <c>silu(z) = z / (1 + exp(−z))</c> (dst may alias either input).</summary>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> dst)
    {
        CheckLengths(gate.Length, up.Length, dst.Length);
        ref var pg = ref MemoryMarshal.GetReference(gate);
        ref var pu = ref MemoryMarshal.GetReference(up);
        ref var pd = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i + 8 <= gate.Length; i += 8)
            {
                var g = Vector256.LoadUnsafe(ref pg, (nuint)i);
                var silu = g / (one + Vector256.Exp(-g));
                (silu * Vector256.LoadUnsafe(ref pu, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
            }
        }
        for (; i < gate.Length; i++) dst[i] = gate[i] / (1f + MathF.Exp(-gate[i])) * up[i];
    }

    /// <summary>Scalar twin of <see cref="SwiGlu"/>.</summary>
    public static void SwiGluScalar(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> dst)
    {
        CheckLengths(gate.Length, up.Length, dst.Length);
        for (var i = 0; i < gate.Length; i++) dst[i] = gate[i] / (1f + MathF.Exp(-gate[i])) * up[i];
    }
}
