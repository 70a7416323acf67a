using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// Rope scaling (linear and YaRN) against llama.cpp on the same file: logits within the f32 budget at every step.
/// A control shows the test can fail: the same weights without the scaling keys are far from llama.cpp's scaled
/// logits, so an engine that ignored the scaling would not pass. (llama3's per-pair factors are covered by
/// Llama3RopeFactorsTests and the converter tests.)
/// </summary>
public sealed class RopeScalingReferenceTests
{
    private const float Budget = 1e-3f;

    public static TheoryData<string, string, float, uint> Cases => new()
    {
        { "llama", "linear", 2f, 0 },
        { "qwen2", "linear", 4f, 0 },
        { "qwen2", "yarn", 4f, 16 },
        { "qwen3", "yarn", 4f, 16 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScaledRopeMatchesLlamaCpp(string arch, string scaling, float factor, uint originalContext)
    {
        var keys = new Dictionary<string, object>
        {
            [$"{arch}.rope.scaling.type"] = scaling,
            [$"{arch}.rope.scaling.factor"] = factor,
        };
        if (originalContext > 0)
            keys[$"{arch}.rope.scaling.original_context_length"] = originalContext;
        string scaled = FixtureGguf.Write(arch, GgmlType.F32, keys);
        string plain = FixtureGguf.Write(arch, GgmlType.F32);
        try
        {
            var reference = LlamaCppReferenceTests.RunLlamaCpp(scaled, LlamaCppReferenceTests.Prompt, LlamaCppReferenceTests.DecodeSteps);
            var unscaled = LlamaCppReferenceTests.RunOurs(plain, LlamaCppReferenceTests.Prompt, LlamaCppReferenceTests.DecodeSteps);
            Assert.Contains(Enumerable.Range(0, unscaled.Logits.Count), i => MaxError(reference.Logits[i], unscaled.Logits[i]) > 10 * Budget * Range(reference.Logits[i]));
        }
        finally
        {
            File.Delete(plain);
        }
        LlamaCppReferenceTests.Compare(scaled, $"{arch} {scaling} x{factor}", Budget, sameTokens: true);
    }

    private static float Range(float[] v) => v.Max() - v.Min();

    private static float MaxError(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
}
