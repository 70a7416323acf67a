namespace Deliberate.Engine.Models;

/// <summary>Qwen2 / DeepSeek-R1-Distill-Qwen: NEOX RoPE and biases on the q/k/v projections.</summary>
public sealed class Qwen2Model(IModelSource source, ModelConfig config, ComputeContext compute)
    : TransformerModel(source, config, hasQkvBias: true, hasQkNorm: false, compute);
