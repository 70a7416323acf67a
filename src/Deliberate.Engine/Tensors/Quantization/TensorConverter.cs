namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>
/// Converts whole tensors between types row by row (dequantize to f32, quantize to the target), in parallel over
/// rows. Pointer-based with 64-bit sizes because one tensor can exceed a span's 2 GiB (e.g. a 152k×3584 f32
/// embedding).
/// </summary>
public static unsafe class TensorConverter
{
    /// <summary>
    /// Converts <paramref name="rows"/> rows of <paramref name="cols"/> elements from <paramref name="sourceType"/>
    /// at <paramref name="source"/> to <paramref name="targetType"/> at <paramref name="destination"/>, which must
    /// hold <c>rows × RowBytes(cols)</c> bytes. Same-type conversion is a copy.
    /// </summary>
    public static void Convert(GgmlType sourceType, byte* source, GgmlType targetType, byte* destination, long rows, long cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cols, int.MaxValue);
        var sourceRowBytes = GgmlTypeInfo.Get(sourceType).RowBytes(cols);
        var targetRowBytes = GgmlTypeInfo.Get(targetType).RowBytes(cols);
        if (sourceType == targetType)
        {
            Buffer.MemoryCopy(source, destination, rows * targetRowBytes, rows * sourceRowBytes);
            return;
        }
        // Chunks of rows keep the per-row buffer per task; K-quant searches make this CPU-bound, so use every core.
        const long ChunkRows = 64;
        var chunks = (rows + ChunkRows - 1) / ChunkRows;
        var src = (nint)source;
        var dst = (nint)destination;
        Parallel.For(0L, chunks, chunk =>
        {
            var row = new float[cols];
            fixed (float* f = row)
            {
                var end = Math.Min(rows, (chunk + 1) * ChunkRows);
                for (var r = chunk * ChunkRows; r < end; r++)
                {
                    Dequantizer.Dequantize(sourceType, (byte*)src + r * sourceRowBytes, f, (int)cols);
                    Quantizer.Quantize(targetType, f, (byte*)dst + r * targetRowBytes, (int)cols);
                }
            }
        });
    }

    /// <summary>Span form for tensors under 2 GiB.</summary>
    public static void Convert(GgmlType sourceType, ReadOnlySpan<byte> source, GgmlType targetType, Span<byte> destination, long cols)
    {
        var sourceRowBytes = GgmlTypeInfo.Get(sourceType).RowBytes(cols);
        if (sourceRowBytes == 0 || source.Length % sourceRowBytes != 0)
            throw new ArgumentException($"{source.Length} bytes is not a whole number of {sourceType} rows of {cols}", nameof(source));
        var rows = source.Length / sourceRowBytes;
        var needed = rows * GgmlTypeInfo.Get(targetType).RowBytes(cols);
        if (destination.Length < needed)
            throw new ArgumentException($"destination holds {destination.Length} bytes; {needed} needed", nameof(destination));
        fixed (byte* s = source)
        fixed (byte* d = destination)
            Convert(sourceType, s, targetType, d, rows, cols);
    }
}
