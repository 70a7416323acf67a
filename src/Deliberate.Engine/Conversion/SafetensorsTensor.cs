namespace Deliberate.Engine.Conversion;

/// <summary>Element types a safetensors checkpoint of a llama-family model uses.</summary>
public enum SafetensorsDType
{
    F32,
    F16,
    BF16,
}

/// <summary>One tensor entry of a safetensors header: where its bytes are, relative to the data section.</summary>
/// <param name="Name">Tensor name, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first (PyTorch order: <c>[out, in]</c> for a linear weight).</param>
/// <param name="Begin">First byte, relative to the start of the data section.</param>
/// <param name="End">One past the last byte.</param>
public sealed record SafetensorsTensor(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes per element of <see cref="DType"/>.</summary>
    public int ElementSize => DType == SafetensorsDType.F32 ? 4 : 2;
}
