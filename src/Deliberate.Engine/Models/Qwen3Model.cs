namespace Deliberate.Engine.Models;

/// <summary>Qwen3: NEOX RoPE, no biases, per-head RMSNorm on q and k before RoPE; head width from attention.key_length.</summary>
public sealed class Qwen3Model(IModelSource source, ModelConfig config, ComputeContext compute)
    : TransformerModel(source, config, hasQkvBias: false, hasQkNorm: true, compute);
