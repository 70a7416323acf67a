namespace Deliberate.Engine.Tensors.Compute;

/// <summary>
/// A weight matrix in ggml layout: <see cref="Rows"/> rows (one per output unit) of <see cref="Cols"/>
/// elements each, quantized along the row (ggml <c>[ne0 = Cols, ne1 = Rows]</c>), usually pointing into a
/// memory-mapped GGUF file. The memory must outlive every product that uses it.
/// </summary>
public readonly unsafe struct QuantizedMatrix
{
    public QuantizedMatrix(byte* data, GgmlType type, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Data = data;
        Type = type;
        Rows = rows;
        Cols = cols;
        RowBytes = GgmlTypeInfo.Get(type).RowBytes(cols);
    }

    /// <summary>First byte of row 0.</summary>
    public byte* Data { get; }

    public GgmlType Type { get; }

    public int Rows { get; }

    public int Cols { get; }

    /// <summary>Bytes per row (Cols / block size × block bytes).</summary>
    public long RowBytes { get; }

    /// <summary>Total bytes of weights read by one full product.</summary>
    public long ByteCount => RowBytes * Rows;

    /// <summary>Pointer to row <paramref name="row"/>.</summary>
    public byte* Row(int row) => Data + RowBytes * row;
}
