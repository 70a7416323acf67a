using Deliberate.Engine.Models;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// Our forward pass against an independent PyTorch implementation (HF semantics, float64) of the same tiny seeded
/// weights: logits at every prompt position and layer-0 intermediates (tests/fixtures-gen/torch/make_reference.py).
/// </summary>
public sealed class TorchReferenceTests
{
    public static TheoryData<string> Architectures => ["llama", "qwen2", "qwen3"];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void PromptLogitsMatchTorch(string arch)
    {
        using var src = new FixtureModelSource(arch);
        using var model = TransformerModel.Load(src, threads: 2);
        var logits = Prefill(model, src.Tokens);
        var expected = src.Logits;
        for (int t = 0; t < expected.Length; t++)
            AssertClose(expected[t], logits[t], 1e-4f, $"{arch} logits at position {t}");
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void LayerZeroActivationsMatchTorch(string arch)
    {
        using var src = new FixtureModelSource(arch);
        using var model = TransformerModel.Load(src, threads: 1);
        var seen = new Dictionary<string, float[][]>();
        int n = src.Tokens.Length;
        model.Hook = (name, layer, row, values) =>
        {
            if (layer != 0)
                return;
            if (!seen.TryGetValue(name, out var rows))
                seen[name] = rows = new float[n][];
            rows[row] = values.ToArray();
        };
        Prefill(model, src.Tokens);
        foreach (var name in new[] { "attn_norm", "q_rope", "k_rope", "kqv_out", "attn_out", "ffn_out", "l_out" })
        {
            var expected = src.Layer0(name);
            for (int t = 0; t < n; t++)
                AssertClose(expected[t], seen[name][t], 1e-4f, $"{arch} {name} at position {t}");
        }
    }

    [Theory]
    [InlineData("llama", GgmlType.F16, 2e-2f)]
    [InlineData("qwen2", GgmlType.BF16, 6e-2f)]
    [InlineData("qwen3", GgmlType.F16, 2e-2f)]
    public void HalfPrecisionWeightsStayWithinBudget(string arch, GgmlType type, float budget)
    {
        using var src = new FixtureModelSource(arch, type);
        using var model = TransformerModel.Load(src, threads: 2);
        var logits = Prefill(model, src.Tokens);
        var expected = src.Logits;
        for (int t = 0; t < expected.Length; t++)
        {
            AssertClose(expected[t], logits[t], budget, $"{arch} {type} logits at position {t}");
            Assert.Equal(ArgMax(expected[t]), ArgMax(logits[t]));
        }
    }

    internal static float[][] Prefill(TransformerModel model, int[] tokens)
    {
        var seq = model.CreateSequence(64);
        var state = model.CreateState(tokens.Length, tokens.Length);
        var batch = tokens.Select(t => new BatchToken(seq, t, WantLogits: true)).ToArray();
        model.Forward(batch, state);
        return Enumerable.Range(0, tokens.Length).Select(i => state.GetLogits(i).ToArray()).ToArray();
    }

    /// <summary>Max abs error bounded by <paramref name="relative"/> × the expected values' range.</summary>
    internal static void AssertClose(float[] expected, float[] actual, float relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float range = expected.Max() - expected.Min();
        float err = 0;
        for (int i = 0; i < expected.Length; i++)
            err = MathF.Max(err, MathF.Abs(expected[i] - actual[i]));
        Assert.True(err <= relative * range, $"{what}: max abs error {err} > {relative} x range {range}");
    }

    internal static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
            if (v[i] > v[best])
                best = i;
        return best;
    }
}
