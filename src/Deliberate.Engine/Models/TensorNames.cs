namespace Deliberate.Engine.Models;

/// <summary>
/// llama.cpp's GGUF tensor names for the llama family (docs/engine.md#architectures). Model-wide tensors have fixed
/// names; a block's tensors are <c>blk.{layer}.{suffix}</c> with the suffixes below.
/// </summary>
public static class TensorNames
{
    public const string TokenEmbedding = "token_embd.weight";
    public const string OutputNorm = "output_norm.weight";

    /// <summary>The LM head; absent when it is tied to <see cref="TokenEmbedding"/>.</summary>
    public const string Output = "output.weight";

    /// <summary>llama3 rope scaling's per-pair frequency divisors.</summary>
    public const string RopeFrequencies = "rope_freqs.weight";

    public const string AttentionNorm = "attn_norm.weight";
    public const string Query = "attn_q.weight";
    public const string Key = "attn_k.weight";
    public const string Value = "attn_v.weight";
    public const string QueryBias = "attn_q.bias";
    public const string KeyBias = "attn_k.bias";
    public const string ValueBias = "attn_v.bias";
    public const string QueryNorm = "attn_q_norm.weight";
    public const string KeyNorm = "attn_k_norm.weight";
    public const string AttentionOutput = "attn_output.weight";
    public const string FeedForwardNorm = "ffn_norm.weight";
    public const string Gate = "ffn_gate.weight";
    public const string Up = "ffn_up.weight";
    public const string Down = "ffn_down.weight";

    /// <summary>The name of block <paramref name="layer"/>'s tensor <paramref name="suffix"/>.</summary>
    public static string Block(int layer, string suffix) => $"blk.{layer}.{suffix}";
}
