using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Compute;
using Deliberate.Engine.Tensors.Dot;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Models;

/// <summary>Pointer-based entry points onto the kernels' matrix products and dequantizer, for the forward pass.</summary>
internal static unsafe class Linear
{
    /// <summary>y[i] = W x[i] for <paramref name="n"/> contiguous activation rows (one matmul over the whole batch).</summary>
    public static void Multiply(ComputeContext ctx, QuantizedMatrix w, float* x, float* y, int n)
    {
        if (n == 0)
            return;
        MatMul.Multiply(ctx.Pool, w, new ReadOnlySpan<float>(x, n * w.Cols), new Span<float>(y, n * w.Rows), n);
    }

    private static readonly delegate*<byte*, byte*, int, float> s_dotF32 = RowDot.For(GgmlType.F32);

    /// <summary>f32 dot product with the kernels' dispatched (SIMD or scalar) implementation.</summary>
    public static float Dot(float* a, float* b, int n) => s_dotF32((byte*)a, (byte*)b, n);

    /// <summary>Dequantizes one row (embedding lookups, small vectors).</summary>
    public static void DequantizeRow(GgmlType type, byte* src, float* dst, int n) => Dequantizer.Dequantize(type, src, dst, n);

    internal static bool IsSupported(GgmlType type) =>
        type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q4_0 or GgmlType.Q4_1 or GgmlType.Q5_0
            or GgmlType.Q5_1 or GgmlType.Q8_0 or GgmlType.Q2_K or GgmlType.Q3_K or GgmlType.Q4_K or GgmlType.Q5_K or GgmlType.Q6_K;
}
