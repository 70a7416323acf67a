using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

public class QuantizationPlanTests
{
    /// <summary>Qwen3-0.6B's tensor list (28 layers, n_embd 1024, n_ff 3072, head_dim 128, 16/8 heads, separate output).</summary>
    private static List<TensorShape> Qwen3Small(bool withOutput = true)
    {
        var tensors = new List<TensorShape> { new("token_embd.weight", GgmlType.F32, [1024, 151936]) };
        for (var l = 0; l < 28; l++)
        {
            var p = $"blk.{l}.";
            tensors.Add(new(p + "attn_norm.weight", GgmlType.F32, [1024]));
            tensors.Add(new(p + "attn_q.weight", GgmlType.F32, [1024, 2048]));
            tensors.Add(new(p + "attn_k.weight", GgmlType.F32, [1024, 1024]));
            tensors.Add(new(p + "attn_v.weight", GgmlType.F32, [1024, 1024]));
            tensors.Add(new(p + "attn_output.weight", GgmlType.F32, [2048, 1024]));
            tensors.Add(new(p + "attn_q_norm.weight", GgmlType.F32, [128]));
            tensors.Add(new(p + "attn_k_norm.weight", GgmlType.F32, [128]));
            tensors.Add(new(p + "ffn_norm.weight", GgmlType.F32, [1024]));
            tensors.Add(new(p + "ffn_gate.weight", GgmlType.F32, [1024, 3072]));
            tensors.Add(new(p + "ffn_up.weight", GgmlType.F32, [1024, 3072]));
            tensors.Add(new(p + "ffn_down.weight", GgmlType.F32, [3072, 1024]));
        }
        tensors.Add(new("output_norm.weight", GgmlType.F32, [1024]));
        if (withOutput) tensors.Add(new("output.weight", GgmlType.F32, [1024, 151936]));
        return tensors;
    }

    [Fact]
    public void Q4KMMatchesThePublishedQwen3SmallComposition()
    {
        // docs/engine.md#quantization-mixes: the public Qwen3-0.6B Q4_K_M file has 169 Q4_K, 29 Q6_K and 113 F32 tensors.
        var types = QuantizationPlan.TargetTypes(QuantizationMix.Q4_K_M, Qwen3Small());
        Assert.Equal(169, types.Count(t => t == GgmlType.Q4_K));
        Assert.Equal(29, types.Count(t => t == GgmlType.Q6_K));
        Assert.Equal(113, types.Count(t => t == GgmlType.F32));
    }

    [Fact]
    public void LayersThatGetMoreBitsFollowLlamaCpp()
    {
        var more = Enumerable.Range(0, 28).Where(l => QuantizationPlan.UseMoreBits(l, 28)).ToArray();
        Assert.Equal([0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 24, 25, 26, 27], more);
    }

    [Fact]
    public void TiedEmbeddingsAreQuantizedLikeTheOutput()
    {
        var tensors = Qwen3Small(withOutput: false);
        var types = QuantizationPlan.TargetTypes(QuantizationMix.Q4_0, tensors);
        Assert.Equal(GgmlType.Q6_K, types[0]);
        Assert.Equal(GgmlType.Q4_0, types[tensors.FindIndex(t => t.Name == "blk.0.ffn_down.weight")]);
        Assert.Equal(GgmlType.F32, types[tensors.FindIndex(t => t.Name == "blk.0.attn_norm.weight")]);
        Assert.All(QuantizationPlan.TargetTypes(QuantizationMix.Q8_0, tensors).Where(t => t != GgmlType.F32), t => Assert.Equal(GgmlType.Q8_0, t));
    }

    [Theory]
    [InlineData(QuantizationMix.Q4_K_M, 2880, GgmlType.Q5_0)]
    [InlineData(QuantizationMix.Q5_K_M, 2880, GgmlType.Q5_1)]
    [InlineData(QuantizationMix.Q6_K, 2880, GgmlType.Q8_0)]
    [InlineData(QuantizationMix.Q6_K, 100, GgmlType.F16)]
    [InlineData(QuantizationMix.Q4_0, 100, GgmlType.F16)]
    public void RowsThatAreNotWholeBlocksFallBack(QuantizationMix mix, long cols, GgmlType expected)
    {
        var types = QuantizationPlan.TargetTypes(mix, [new("blk.3.ffn_up.weight", GgmlType.F32, [cols, 64]), new("output.weight", GgmlType.F32, [256, 10])]);
        Assert.Equal(expected, types[0]);
    }

    [Theory]
    [InlineData("q4_k_m", QuantizationMix.Q4_K_M, 15u)]
    [InlineData("Q8_0", QuantizationMix.Q8_0, 7u)]
    [InlineData("q6_k", QuantizationMix.Q6_K, 18u)]
    public void MixNamesParse(string name, QuantizationMix mix, uint fileType)
    {
        Assert.Equal(mix, QuantizationMixes.Parse(name));
        Assert.Equal(fileType, QuantizationMixes.Parse(name).FileType());
    }

    [Fact]
    public void UnknownMixNamesAreRejected() => Assert.Throws<ArgumentException>(() => QuantizationMixes.Parse("q3_k_xl"));
}
