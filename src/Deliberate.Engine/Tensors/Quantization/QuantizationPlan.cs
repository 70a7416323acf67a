namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>One tensor as the plan sees it: GGUF name, stored type and dimensions (ne0 first).</summary>
public readonly record struct TensorShape(string Name, GgmlType Type, IReadOnlyList<long> Dimensions);

/// <summary>
/// Chooses each tensor's type for a <see cref="QuantizationMix"/> the way llama-quantize does for dense models
/// without an importance matrix (llama.cpp <c>llama_tensor_get_type</c>):
/// <list type="bullet">
/// <item>only 2-D+ tensors whose names end in "weight" are quantized; norms and MoE router weights
/// (<c>*_norm.weight</c>, <c>ffn_gate_inp.weight</c>) and 1-D tensors keep their type;</item>
/// <item><c>output.weight</c> (and <c>token_embd.weight</c> when there is no separate output) get Q6_K, or Q8_0
/// when the mix is Q8_0 or the row length is not a multiple of the mix's block size;</item>
/// <item>Q4_K_M / Q5_K_M: <c>attn_v</c> (and fused <c>attn_qkv</c>) and <c>ffn_down</c> get Q6_K in the layers
/// where <c>use_more_bits</c> holds: the first and last eighth, and every third layer in between;</item>
/// <item>rows not a multiple of the chosen type's block fall back: Q4_K→Q5_0, Q5_K→Q5_1, Q6_K→Q8_0,
/// Q2_K/Q3_K→Q4_0, then F16 if even 32 does not divide the row.</item>
/// </list>
/// </summary>
public static class QuantizationPlan
{
    /// <summary>The target type of every tensor, in input order.</summary>
    public static GgmlType[] TargetTypes(QuantizationMix mix, IReadOnlyList<TensorShape> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var attentionV = tensors.Count(t => IsAttentionV(t.Name));
        var ffnDown = tensors.Count(t => t.Name.Contains("ffn_down", StringComparison.Ordinal));
        var tied = !tensors.Any(t => t.Name == "output.weight");
        int attentionVIndex = 0, ffnDownIndex = 0;
        var result = new GgmlType[tensors.Count];
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            if (!AllowsQuantization(tensor))
            {
                result[i] = tensor.Type;
                continue;
            }
            var type = mix.DefaultType();
            var cols = tensor.Dimensions[0];
            var isOutput = tensor.Name == "output.weight" || (tied && tensor.Name == "token_embd.weight");
            if (isOutput)
            {
                if (cols % GgmlTypeInfo.Get(type).BlockSize != 0) type = GgmlType.Q8_0;
                else if (type != GgmlType.Q8_0) type = GgmlType.Q6_K;
            }
            else if (IsAttentionV(tensor.Name))
            {
                if (mix is QuantizationMix.Q4_K_M or QuantizationMix.Q5_K_M && UseMoreBits(attentionVIndex, attentionV))
                    type = GgmlType.Q6_K;
                attentionVIndex++;
            }
            else if (tensor.Name.Contains("ffn_down", StringComparison.Ordinal))
            {
                if (mix is QuantizationMix.Q4_K_M or QuantizationMix.Q5_K_M && UseMoreBits(ffnDownIndex, ffnDown))
                    type = GgmlType.Q6_K;
                ffnDownIndex++;
            }
            result[i] = Fallback(type, cols);
        }
        return result;
    }

    /// <summary>llama.cpp's use_more_bits: first and last eighth of the layers, and every third one in between.</summary>
    public static bool UseMoreBits(int layer, int layers) =>
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;

    private static bool IsAttentionV(string name) =>
        name.Contains("attn_v.weight", StringComparison.Ordinal) || name.Contains("attn_qkv.weight", StringComparison.Ordinal)
        || name.Contains("attn_kv_b.weight", StringComparison.Ordinal);

    private static bool AllowsQuantization(TensorShape tensor)
    {
        // ggml_n_dims: trailing dimensions of 1 do not count, so [n, 1] is a vector.
        var dims = 1;
        for (var k = tensor.Dimensions.Count - 1; k >= 1; k--)
        {
            if (tensor.Dimensions[k] > 1) { dims = k + 1; break; }
        }
        if (dims < 2 || !tensor.Name.EndsWith("weight", StringComparison.Ordinal)) return false;
        if (tensor.Name.Contains("_norm.weight", StringComparison.Ordinal)) return false;
        if (tensor.Name.Contains("ffn_gate_inp.weight", StringComparison.Ordinal)) return false;
        if (tensor.Name is "position_embd.weight" or "token_types.weight") return false;
        return tensor.Type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16;
    }

    private static GgmlType Fallback(GgmlType type, long cols)
    {
        if (cols % GgmlTypeInfo.Get(type).BlockSize == 0) return type;
        var fallback = type switch
        {
            GgmlType.Q2_K or GgmlType.Q3_K => GgmlType.Q4_0,
            GgmlType.Q4_K => GgmlType.Q5_0,
            GgmlType.Q5_K => GgmlType.Q5_1,
            GgmlType.Q6_K => GgmlType.Q8_0,
            _ => GgmlType.F16,
        };
        return cols % GgmlTypeInfo.Get(fallback).BlockSize == 0 ? fallback : GgmlType.F16;
    }
}
