using System.Text.Json;
using Deliberate.Engine.Conversion;
using Deliberate.Engine.Models;

namespace Deliberate.Engine.Tests.Conversion;

public class HfModelConfigTests
{
    [Fact]
    public void ReadsAQwen3ConfigWithExplicitHeadDim()
    {
        const string Json = """
            {"architectures":["Qwen3ForCausalLM"],"hidden_size":1024,"intermediate_size":3072,"num_hidden_layers":28,
             "num_attention_heads":16,"num_key_value_heads":8,"head_dim":128,"vocab_size":151936,
             "max_position_embeddings":40960,"rms_norm_eps":1e-6,"rope_theta":1000000,"tie_word_embeddings":true}
            """;
        using var document = JsonDocument.Parse(Json);
        var config = HfModelConfig.FromJson(document.RootElement);

        Assert.Same(ArchitectureTraits.Qwen3, config.Architecture);
        Assert.Equal(128, config.HeadDim);
        Assert.Equal(8, config.KvHeadCount);
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(1_000_000f, config.RopeTheta);
    }

    [Fact]
    public void ReadsLlama3RopeScaling()
    {
        const string Json = """
            {"architectures":["LlamaForCausalLM"],"hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
             "num_attention_heads":32,"num_key_value_heads":8,"vocab_size":128256,"max_position_embeddings":131072,
             "rms_norm_eps":1e-5,"rope_theta":500000.0,
             "rope_scaling":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,"original_max_position_embeddings":8192,"rope_type":"llama3"}}
            """;
        using var document = JsonDocument.Parse(Json);
        var config = HfModelConfig.FromJson(document.RootElement);

        Assert.Same(ArchitectureTraits.Llama, config.Architecture);
        Assert.Equal(64, config.HeadDim);
        Assert.Equal("llama3", config.RopeScalingType);
        Assert.Equal(32f, config.RopeScalingFactor);
        Assert.Equal(8192, config.RopeScalingOriginalContext);
    }

    [Theory]
    [InlineData("""{"architectures":["GPT2LMHeadModel"]}""", "not supported")]
    [InlineData("""{"architectures":[42]}""", "'42' is not supported")]
    [InlineData("""{"hidden_size":64}""", "'architectures' is missing")]
    [InlineData("""{"architectures":["Qwen3ForCausalLM"],"hidden_size":-1}""", "'hidden_size'")]
    [InlineData("""{"architectures":["Qwen3ForCausalLM"],"hidden_size":64,"num_attention_heads":6,"num_key_value_heads":4}""", "not a multiple")]
    public void RejectsBadConfigsNamingTheField(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);
        var error = Assert.Throws<InvalidDataException>(() => HfModelConfig.FromJson(document.RootElement));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
