using System.Text.RegularExpressions;

namespace Deliberate.Engine.Conversion;

/// <summary>
/// Maps Hugging Face llama-family tensor names to the names llama.cpp expects in GGUF
/// (the table in llama.cpp's <c>gguf-py/gguf/tensor_mapping.py</c> for these three architectures).
/// </summary>
public static partial class HfTensorNames
{
    private static readonly Dictionary<string, string> LayerSuffixes = new(StringComparer.Ordinal)
    {
        ["input_layernorm.weight"] = "attn_norm.weight",
        ["self_attn.q_proj.weight"] = "attn_q.weight",
        ["self_attn.q_proj.bias"] = "attn_q.bias",
        ["self_attn.k_proj.weight"] = "attn_k.weight",
        ["self_attn.k_proj.bias"] = "attn_k.bias",
        ["self_attn.v_proj.weight"] = "attn_v.weight",
        ["self_attn.v_proj.bias"] = "attn_v.bias",
        ["self_attn.o_proj.weight"] = "attn_output.weight",
        ["self_attn.q_norm.weight"] = "attn_q_norm.weight",
        ["self_attn.k_norm.weight"] = "attn_k_norm.weight",
        ["post_attention_layernorm.weight"] = "ffn_norm.weight",
        ["mlp.gate_proj.weight"] = "ffn_gate.weight",
        ["mlp.up_proj.weight"] = "ffn_up.weight",
        ["mlp.down_proj.weight"] = "ffn_down.weight",
    };

    /// <summary>The GGUF name for <paramref name="hfName"/>, or null for tensors the converter skips (rotary caches).</summary>
    public static string? ToGguf(string hfName)
    {
        switch (hfName)
        {
            case "model.embed_tokens.weight":
                return "token_embd.weight";
            case "model.norm.weight":
                return "output_norm.weight";
            case "lm_head.weight":
                return "output.weight";
        }

        if (hfName.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal))
        {
            return null;
        }

        var match = LayerName().Match(hfName);
        if (match.Success && LayerSuffixes.TryGetValue(match.Groups[2].Value, out var suffix))
        {
            return $"blk.{match.Groups[1].Value}.{suffix}";
        }

        throw new InvalidDataException($"tensor '{hfName}' has no GGUF name for llama/qwen2/qwen3 checkpoints");
    }

    [GeneratedRegex(@"^model\.layers\.(\d{1,3})\.(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerName();
}
