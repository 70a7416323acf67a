using Deliberate.Engine.Tensors.Compute;

namespace Deliberate.Engine.Models;

/// <summary>One decoder block's tensors. Matrices are views over the file; small vectors are copied to f32.</summary>
public sealed class LayerWeights
{
    public required float[] AttentionNorm { get; init; }

    public required QuantizedMatrix Query { get; init; }

    public required QuantizedMatrix Key { get; init; }

    public required QuantizedMatrix Value { get; init; }

    public required QuantizedMatrix Output { get; init; }

    /// <summary>Present when the architecture has q/k/v biases (<see cref="ArchitectureTraits.QkvBias"/>: qwen2).</summary>
    public float[]? QueryBias { get; init; }

    public float[]? KeyBias { get; init; }

    public float[]? ValueBias { get; init; }

    /// <summary>
    /// Present when the architecture normalises q and k per head (<see cref="ArchitectureTraits.QkNorm"/>: qwen3): RMSNorm
    /// weights over the head dimension, applied before RoPE.
    /// </summary>
    public float[]? QueryNorm { get; init; }

    public float[]? KeyNorm { get; init; }

    public required float[] FeedForwardNorm { get; init; }

    public required QuantizedMatrix Gate { get; init; }

    public required QuantizedMatrix Up { get; init; }

    public required QuantizedMatrix Down { get; init; }
}
