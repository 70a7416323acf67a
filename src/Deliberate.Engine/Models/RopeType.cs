namespace Deliberate.Engine.Models;

/// <summary>Which dimensions RoPE rotates together (llama.cpp names).</summary>
public enum RopeType
{
    /// <summary>Adjacent pairs (x[2i], x[2i+1]); llama. The GGUF converter permutes llama's Q/K rows to make this equal HF rotate_half.</summary>
    Norm,

    /// <summary>Half-split pairs (x[i], x[i + n_rot/2]), HF rotate_half; qwen2, qwen3.</summary>
    Neox,
}
