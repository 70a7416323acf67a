using System.Numerics;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Models;

/// <summary>
/// y[i] = W x[i] for n activation rows. TEMPORARY naive implementation (dequantize a weight row, then f32 dots
/// against every activation row) for F32/F16/BF16/Q8_0 only, to be replaced by the kernels' <c>MatMul.Multiply</c>.
/// Dequantizing a row once and reusing it for all n rows is what makes prompt chunks cheaper than n matvecs.
/// </summary>
internal static unsafe class Linear
{
    private const int RowsPerChunk = 16;

    [ThreadStatic]
    private static float[]? t_row;

    public static void Multiply(ComputeContext ctx, WeightMatrix w, float* x, float* y, int n)
    {
        int chunks = (w.Rows + RowsPerChunk - 1) / RowsPerChunk;
        var wl = w;
        nint xp = (nint)x, yp = (nint)y;
        ctx.For(chunks, chunk => MultiplyRows(wl, (float*)xp, (float*)yp, n, chunk * RowsPerChunk, Math.Min(wl.Rows, (chunk + 1) * RowsPerChunk)));
    }

    private static void MultiplyRows(WeightMatrix w, float* x, float* y, int n, int r0, int r1)
    {
        int cols = w.Cols;
        var buffer = t_row is { } b && b.Length >= cols ? b : t_row = new float[cols];
        fixed (float* tmp = buffer)
        {
            for (int r = r0; r < r1; r++)
            {
                float* row = w.Type == GgmlType.F32 ? (float*)w.Row(r) : tmp;
                if (w.Type != GgmlType.F32)
                    DequantizeRow(w.Type, w.Row(r), tmp, cols);
                for (int i = 0; i < n; i++)
                    y[(long)i * w.Rows + r] = Dot(row, x + (long)i * cols, cols);
            }
        }
    }

    public static float Dot(float* a, float* b, int n)
    {
        var acc = Vector<float>.Zero;
        int i = 0;
        int width = Vector<float>.Count;
        for (; i <= n - width; i += width)
            acc += *(Vector<float>*)(a + i) * *(Vector<float>*)(b + i);
        float sum = Vector.Sum(acc);
        for (; i < n; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Dequantizes one row; also used to read embedding rows.</summary>
    public static void DequantizeRow(GgmlType type, byte* src, float* dst, int n)
    {
        switch (type)
        {
            case GgmlType.F32:
                new ReadOnlySpan<float>(src, n).CopyTo(new Span<float>(dst, n));
                break;
            case GgmlType.F16:
                for (int i = 0; i < n; i++)
                    dst[i] = (float)BitConverter.UInt16BitsToHalf(((ushort*)src)[i]);
                break;
            case GgmlType.BF16:
                for (int i = 0; i < n; i++)
                    dst[i] = BitConverter.Int32BitsToSingle(((ushort*)src)[i] << 16);
                break;
            case GgmlType.Q8_0:
                for (int blk = 0; blk < n / 32; blk++)
                {
                    byte* block = src + blk * 34;
                    float d = (float)BitConverter.UInt16BitsToHalf(*(ushort*)block);
                    sbyte* qs = (sbyte*)(block + 2);
                    for (int j = 0; j < 32; j++)
                        dst[blk * 32 + j] = d * qs[j];
                }
                break;
            default:
                throw new NotSupportedException($"Tensor type {type} needs the kernels' dequantizer, which is not on main yet.");
        }
    }

    internal static bool IsSupported(GgmlType type) =>
        type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q8_0;
}
