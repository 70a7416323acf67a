using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Gguf;

/// <summary>
/// A tensor's directory entry. <see cref="Dimensions"/> are in ggml order: <c>ne[0]</c> (the row length, fastest
/// varying) first, so a weight <c>[ne0 = in, ne1 = out]</c> has one row per output unit.
/// </summary>
public sealed record GgufTensorInfo(string Name, long[] Dimensions, GgmlType Type, long Offset, long ByteCount)
{
    /// <summary>Product of the dimensions.</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (a, b) => a * b);

    /// <summary>Elements per row (<c>ne[0]</c>).</summary>
    public long RowLength => Dimensions.Length > 0 ? Dimensions[0] : 1;

    /// <summary>Rows: the product of every dimension after the first.</summary>
    public long RowCount => ElementCount / RowLength;

    /// <summary>Where the record started in the file (for error messages).</summary>
    public long RecordOffset { get; init; }

    public string ShapeText => "[" + string.Join(", ", Dimensions) + "]";
}
