using System.Text.Json;
using Deliberate.Engine.Conversion;

namespace Deliberate.Engine.Tests.Conversion;

public class Llama3RopeFactorsTests
{
    [Fact]
    public void MatchesLlamaCppConverterForLlama32()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "conversion", "llama3_rope_factors.json");
        using var fixture = JsonDocument.Parse(File.ReadAllText(path));
        var config = HfModelConfig.FromJson(JsonDocument.Parse("""
            {"architectures":["LlamaForCausalLM"],"hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
             "num_attention_heads":32,"num_key_value_heads":8,"vocab_size":128256,"max_position_embeddings":131072,
             "rms_norm_eps":1e-5,"rope_theta":500000.0,
             "rope_scaling":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,"original_max_position_embeddings":8192,"rope_type":"llama3"}}
            """).RootElement);
        var expected = fixture.RootElement.GetProperty("factors").Deserialize<float[]>()!;

        var factors = Llama3RopeFactors.Compute(config);

        Assert.Equal(expected.Length, factors.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - factors[i]) <= 1e-4f * Math.Max(1, expected[i]), $"factor {i}: {factors[i]} vs {expected[i]}");
        }
    }
}
