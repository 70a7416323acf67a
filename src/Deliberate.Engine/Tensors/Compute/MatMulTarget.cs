namespace Deliberate.Engine.Tensors.Compute;

/// <summary>One product of <see cref="MatMul.MultiplyShared"/>: a weight matrix and where its n×Rows outputs go.</summary>
public readonly unsafe struct MatMulTarget(QuantizedMatrix weights, float* output)
{
    public QuantizedMatrix Weights { get; } = weights;

    public float* Output { get; } = output;
}
