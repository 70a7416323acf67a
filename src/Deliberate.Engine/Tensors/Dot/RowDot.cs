using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// Picks the dot kernel for a weight type at a given ISA level. Every kernel has the shape
/// <c>float Dot(byte* weightRow, byte* activationRow, int cols)</c>, where the activation row is already in
/// <see cref="ActivationType"/> of the weight type (converted once per matrix product, as ggml does).
/// </summary>
public static unsafe class RowDot
{
    /// <summary>The format activations are converted to before the dot (ggml's vec_dot_type, except F16/BF16: f32).</summary>
    public static GgmlType ActivationType(GgmlType weightType) => weightType switch
    {
        GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 => GgmlType.F32,
        GgmlType.Q4_0 or GgmlType.Q5_0 or GgmlType.Q8_0 => GgmlType.Q8_0,
        GgmlType.Q4_1 or GgmlType.Q5_1 => GgmlType.Q8_1,
        GgmlType.Q2_K or GgmlType.Q3_K or GgmlType.Q4_K or GgmlType.Q5_K or GgmlType.Q6_K => GgmlType.Q8_K,
        _ => throw new NotSupportedException($"no dot kernel for {weightType}"),
    };

    /// <summary>The kernel for <paramref name="weightType"/> the engine runs: <see cref="PreferredIsa"/>'s.</summary>
    public static delegate*<byte*, byte*, int, float> For(GgmlType weightType) => For(weightType, PreferredIsa(weightType));

    /// <summary>
    /// The level whose kernel is fastest for <paramref name="weightType"/> on this CPU. Every type has a 512-bit
    /// kernel, but .NET 10 exposes no 512-bit vpdpbusd, so where the CPU has AVX-VNNI the 256-bit kernels that
    /// fuse vpmaddubsw + vpmaddwd into one vpdpbusd (Q4_0, Q4_1, Q5_0, Q5_1), and those whose 512-bit form needs two
    /// scale shuffles per register (Q2_K, Q3_K), measured faster at 256 bits on Zen 4 (bench/kernels.md,
    /// DotIsaBenchmarks); there the engine keeps them. The others gain up to 50% at 512 bits (F16, BF16), 20% (Q8_0), 7–10% (F32, Q4_K, Q5_K).
    /// </summary>
    public static KernelIsa PreferredIsa(GgmlType weightType)
    {
        var isa = KernelDispatch.Selected;
        if (isa != KernelIsa.Avx512 || !System.Runtime.Intrinsics.X86.AvxVnni.IsSupported)
            return isa;
        return weightType is GgmlType.Q4_0 or GgmlType.Q4_1 or GgmlType.Q5_0 or GgmlType.Q5_1 or GgmlType.Q2_K or GgmlType.Q3_K
            ? KernelIsa.Avx2Vnni
            : isa;
    }

    /// <summary>
    /// The kernel for <paramref name="weightType"/> at <paramref name="isa"/> (tests pass Scalar to get the twin).
    /// Levels above what a type implements fall back to its best lower one (Avx2Vnni and Avx2 share the V256 kernels, which test AvxVnni themselves).
    /// </summary>
    public static delegate*<byte*, byte*, int, float> For(GgmlType weightType, KernelIsa isa)
    {
        var simd = isa != KernelIsa.Scalar;
        var wide = isa == KernelIsa.Avx512;
        return weightType switch
        {
            GgmlType.F32 => wide ? &DotF32.V512 : simd ? &DotF32.V256 : &DotF32.Scalar,
            GgmlType.F16 => wide ? &DotF16.V512 : simd ? &DotF16.V256 : &DotF16.Scalar,
            GgmlType.BF16 => wide ? &DotBF16.V512 : simd ? &DotBF16.V256 : &DotBF16.Scalar,
            GgmlType.Q8_0 => wide ? &DotQ8_0.V512 : simd ? &DotQ8_0.V256 : &DotQ8_0.Scalar,
            GgmlType.Q4_0 => wide ? &DotQ4_0.V512 : simd ? &DotQ4_0.V256 : &DotQ4_0.Scalar,
            GgmlType.Q4_1 => wide ? &DotQ4_1.V512 : simd ? &DotQ4_1.V256 : &DotQ4_1.Scalar,
            GgmlType.Q5_0 => wide ? &DotQ5_0.V512 : simd ? &DotQ5_0.V256 : &DotQ5_0.Scalar,
            GgmlType.Q5_1 => wide ? &DotQ5_1.V512 : simd ? &DotQ5_1.V256 : &DotQ5_1.Scalar,
            GgmlType.Q2_K => wide ? &DotQ2_K.V512 : simd ? &DotQ2_K.V256 : &DotQ2_K.Scalar,
            GgmlType.Q3_K => wide ? &DotQ3_K.V512 : simd ? &DotQ3_K.V256 : &DotQ3_K.Scalar,
            GgmlType.Q4_K => wide ? &DotQ4_K.V512 : simd ? &DotQ4_K.V256 : &DotQ4_K.Scalar,
            GgmlType.Q5_K => wide ? &DotQ5_K.V512 : simd ? &DotQ5_K.V256 : &DotQ5_K.Scalar,
            GgmlType.Q6_K => wide ? &DotQ6_K.V512 : simd ? &DotQ6_K.V256 : &DotQ6_K.Scalar,
            _ => throw new NotSupportedException($"no dot kernel for {weightType}"),
        };
    }
}
