using System.Text.Json;
using Deliberate.Engine.Conversion;

namespace Deliberate.Engine.Tests.Conversion;

public class LlamaQkPermutationTests
{
    private sealed record Case(int Heads, int Cols, float[] Input, float[] Output);

    [Theory]
    [InlineData("q")]
    [InlineData("k")]
    public void MatchesLlamaCppConverterAsComputedByPyTorch(string which)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "conversion", "llama_qk_permute.json");
        var cases = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path))!;
        var element = cases[which];
        var heads = element.GetProperty("heads").GetInt32();
        var cols = element.GetProperty("cols").GetInt32();
        var weights = element.GetProperty("input").Deserialize<float[]>()!;
        var expected = element.GetProperty("output").Deserialize<float[]>()!;

        LlamaQkPermutation.Apply(weights, heads, cols);

        Assert.Equal(expected, weights);
    }

    [Fact]
    public void RejectsAnOddHeadDimension() =>
        Assert.Throws<ArgumentException>(() => LlamaQkPermutation.Apply(new float[6], 2, 1));
}
