using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Models.TransformerBlocks;

/// <summary>RMSNorm in f32 (ENGINE.md 4.2) over raw pointers; in place is allowed.</summary>
internal static unsafe class Norms
{
    public static void RmsNorm(float* x, float[] weight, float eps, float* dst, int n) =>
        TensorOps.RmsNorm(new ReadOnlySpan<float>(x, n), weight, eps, new Span<float>(dst, n));
}
