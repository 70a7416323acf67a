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

    /// <summary>q/k/v (or gate/up) of the same <paramref name="n"/> activation rows in one dispatch.</summary>
    public static void Multiply(ComputeContext ctx, float* x, int n, QuantizedMatrix w0, float* y0, QuantizedMatrix w1, float* y1) =>
        MatMul.MultiplyShared(ctx.Pool, new ReadOnlySpan<float>(x, n * w0.Cols), n, [new(w0, y0), new(w1, y1)]);

    public static void Multiply(ComputeContext ctx, float* x, int n, QuantizedMatrix w0, float* y0, QuantizedMatrix w1, float* y1,
        QuantizedMatrix w2, float* y2) =>
        MatMul.MultiplyShared(ctx.Pool, new ReadOnlySpan<float>(x, n * w0.Cols), n, [new(w0, y0), new(w1, y1), new(w2, y2)]);

    private static readonly delegate*<byte*, byte*, int, float> s_dotF32 = RowDot.For(GgmlType.F32);

    /// <summary>f32 dot product with the kernels' dispatched (SIMD or scalar) implementation.</summary>
    public static float Dot(float* a, float* b, int n) => s_dotF32((byte*)a, (byte*)b, n);

    /// <summary>Dequantizes one row (embedding lookups, small vectors).</summary>
    public static void DequantizeRow(GgmlType type, byte* src, float* dst, int n) => Dequantizer.Dequantize(type, src, dst, n);

    internal static bool IsSupported(GgmlType type) =>
        type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q4_0 or GgmlType.Q4_1 or GgmlType.Q5_0
            or GgmlType.Q5_1 or GgmlType.Q8_0 or GgmlType.Q2_K or GgmlType.Q3_K or GgmlType.Q4_K or GgmlType.Q5_K or GgmlType.Q6_K;
}
