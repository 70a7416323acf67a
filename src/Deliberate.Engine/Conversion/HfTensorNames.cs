using System.Text.RegularExpressions;
using Deliberate.Engine.Models;

namespace Deliberate.Engine.Conversion;

/// <summary>
/// Maps Hugging Face llama-family tensor names to the names llama.cpp expects in GGUF
/// (the table in llama.cpp's <c>gguf-py/gguf/tensor_mapping.py</c> for these three architectures).
/// </summary>
public static partial class HfTensorNames
{
    private static readonly Dictionary<string, string> LayerSuffixes = new(StringComparer.Ordinal)
    {
        ["input_layernorm.weight"] = TensorNames.AttentionNorm,
        ["self_attn.q_proj.weight"] = TensorNames.Query,
        ["self_attn.q_proj.bias"] = TensorNames.QueryBias,
        ["self_attn.k_proj.weight"] = TensorNames.Key,
        ["self_attn.k_proj.bias"] = TensorNames.KeyBias,
        ["self_attn.v_proj.weight"] = TensorNames.Value,
        ["self_attn.v_proj.bias"] = TensorNames.ValueBias,
        ["self_attn.o_proj.weight"] = TensorNames.AttentionOutput,
        ["self_attn.q_norm.weight"] = TensorNames.QueryNorm,
        ["self_attn.k_norm.weight"] = TensorNames.KeyNorm,
        ["post_attention_layernorm.weight"] = TensorNames.FeedForwardNorm,
        ["mlp.gate_proj.weight"] = TensorNames.Gate,
        ["mlp.up_proj.weight"] = TensorNames.Up,
        ["mlp.down_proj.weight"] = TensorNames.Down,
    };

    /// <summary>The GGUF name for <paramref name="hfName"/>, or null for tensors the converter skips (rotary caches).</summary>
    public static string? ToGguf(string hfName)
    {
        switch (hfName)
        {
            case "model.embed_tokens.weight":
                return TensorNames.TokenEmbedding;
            case "model.norm.weight":
                return TensorNames.OutputNorm;
            case "lm_head.weight":
                return TensorNames.Output;
        }

        if (hfName.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal))
        {
            return null;
        }

        var match = LayerName().Match(hfName);
        if (match.Success && LayerSuffixes.TryGetValue(match.Groups[2].Value, out var suffix))
        {
            return TensorNames.Block(int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture), suffix);
        }

        throw new InvalidDataException($"tensor '{hfName}' has no GGUF name for llama/qwen2/qwen3 checkpoints");
    }

    [GeneratedRegex(@"^model\.layers\.(\d{1,3})\.(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerName();
}
