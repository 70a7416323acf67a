using System.Text.Json;
using Deliberate.Engine.Models;

namespace Deliberate.Engine.Tests.Models;

/// <summary>Hostile hyperparameters and shapes fail with a typed exception naming the key or tensor.</summary>
public sealed class ModelConfigValidationTests
{
    private static JsonElement Number(double v) => JsonDocument.Parse(v.ToString(System.Globalization.CultureInfo.InvariantCulture)).RootElement;

    [Theory]
    [InlineData("qwen3.block_count", 3852)]
    [InlineData("qwen3.block_count", 0)]
    [InlineData("qwen3.attention.head_count_kv", 3)]
    [InlineData("qwen3.attention.head_count_kv", 5)]
    [InlineData("qwen3.embedding_length", -1)]
    [InlineData("qwen3.attention.layer_norm_rms_epsilon", 0)]
    public void BadHyperparameterNamesTheKey(string key, double value)
    {
        using var src = new FixtureModelSource("qwen3", editMetadata: m => m[key] = Number(value));
        var ex = Assert.Throws<ModelFormatException>(() => TransformerModel.Load(src, 1));
        Assert.Equal(key, ex.Subject);
    }

    [Fact]
    public void UnknownArchitectureIsRejected()
    {
        using var src = new FixtureModelSource("llama", editMetadata: m => m["general.architecture"] = JsonDocument.Parse("\"gpt2\"").RootElement);
        var ex = Assert.Throws<ModelFormatException>(() => TransformerModel.Load(src, 1));
        Assert.Equal("general.architecture", ex.Subject);
    }

    [Fact]
    public void WrongTensorShapeNamesTheTensor()
    {
        using var src = new FixtureModelSource("qwen2");
        src.ReplaceTensor("blk.1.ffn_up.weight", [32, 47]);
        var ex = Assert.Throws<ModelFormatException>(() => TransformerModel.Load(src, 1));
        Assert.Equal("blk.1.ffn_up.weight", ex.Subject);
    }

    [Fact]
    public void MissingBiasOnQwen2NamesTheTensor()
    {
        using var src = new FixtureModelSource("qwen2");
        src.RemoveTensor("blk.0.attn_k.bias");
        var ex = Assert.Throws<ModelFormatException>(() => TransformerModel.Load(src, 1));
        Assert.Equal("blk.0.attn_k.bias", ex.Subject);
    }

    [Fact]
    public void TiedOutputIsDetected()
    {
        using var tied = new FixtureModelSource("qwen3");
        using var separate = new FixtureModelSource("llama");
        using var tiedModel = TransformerModel.Load(tied, 1);
        using var separateModel = TransformerModel.Load(separate, 1);
        Assert.True(tiedModel.Weights.TiedOutput);
        Assert.False(separateModel.Weights.TiedOutput);
    }
}
