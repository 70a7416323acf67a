using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Models;

/// <summary>
/// A 2-D weight view over mapped file bytes: <see cref="Rows"/> output units, each a row of <see cref="Cols"/> elements.
/// Seam for the kernels' <c>QuantizedMatrix</c>; same shape so the switch is mechanical.
/// </summary>
public readonly unsafe struct WeightMatrix
{
    public WeightMatrix(byte* data, GgmlType type, int rows, int cols)
    {
        Data = data;
        Type = type;
        Rows = rows;
        Cols = cols;
        RowBytes = GgmlTypeInfo.Get(type).RowBytes(cols);
    }

    public byte* Data { get; }

    public GgmlType Type { get; }

    public int Rows { get; }

    public int Cols { get; }

    public long RowBytes { get; }

    public byte* Row(int row) => Data + RowBytes * row;
}
