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

    /// <summary>The kernel for <paramref name="weightType"/> at the process's <see cref="KernelDispatch.Selected"/> level.</summary>
    public static delegate*<byte*, byte*, int, float> For(GgmlType weightType) => For(weightType, KernelDispatch.Selected);

    /// <summary>
    /// The kernel for <paramref name="weightType"/> at <paramref name="isa"/> (tests pass Scalar to get the twin).
    /// Levels above what a type implements fall back to its best lower one (only Q8_0 has a 512-bit kernel today).
    /// </summary>
    public static delegate*<byte*, byte*, int, float> For(GgmlType weightType, KernelIsa isa)
    {
        var simd = isa != KernelIsa.Scalar;
        return weightType switch
        {
            GgmlType.F32 => simd ? &DotF32.V256 : &DotF32.Scalar,
            GgmlType.F16 => simd ? &DotF16.V256 : &DotF16.Scalar,
            GgmlType.BF16 => simd ? &DotBF16.V256 : &DotBF16.Scalar,
            GgmlType.Q8_0 => isa == KernelIsa.Avx512 ? &DotQ8_0.V512 : simd ? &DotQ8_0.V256 : &DotQ8_0.Scalar,
            GgmlType.Q4_0 => simd ? &DotQ4_0.V256 : &DotQ4_0.Scalar,
            GgmlType.Q4_1 => simd ? &DotQ4_1.V256 : &DotQ4_1.Scalar,
            GgmlType.Q5_0 => simd ? &DotQ5_0.V256 : &DotQ5_0.Scalar,
            GgmlType.Q5_1 => simd ? &DotQ5_1.V256 : &DotQ5_1.Scalar,
            GgmlType.Q2_K => simd ? &DotQ2_K.V256 : &DotQ2_K.Scalar,
            GgmlType.Q3_K => simd ? &DotQ3_K.V256 : &DotQ3_K.Scalar,
            GgmlType.Q4_K => simd ? &DotQ4_K.V256 : &DotQ4_K.Scalar,
            GgmlType.Q5_K => simd ? &DotQ5_K.V256 : &DotQ5_K.Scalar,
            GgmlType.Q6_K => simd ? &DotQ6_K.V256 : &DotQ6_K.Scalar,
            _ => throw new NotSupportedException($"no dot kernel for {weightType}"),
        };
    }
}
