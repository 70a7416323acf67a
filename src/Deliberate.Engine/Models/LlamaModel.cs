namespace Deliberate.Engine.Models;

/// <summary>Llama 2/3.x (and R1-Distill-Llama): NORM RoPE over the converter's permuted Q/K rows, no biases, optional llama3 rope_freqs.</summary>
public sealed class LlamaModel(IModelSource source, ModelConfig config, ComputeContext compute)
    : TransformerModel(source, config, hasQkvBias: false, hasQkNorm: false, compute);
