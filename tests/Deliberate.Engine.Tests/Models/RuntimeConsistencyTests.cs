using Deliberate.Engine.Models;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// KV cache, batching and forking: each path must give the logits of the independent PyTorch full-sequence pass
/// (or, for multi-sequence batches, of each sequence run alone).
/// </summary>
public sealed class RuntimeConsistencyTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen3")]
    public void TokenByTokenDecodeMatchesFullSequence(string arch)
    {
        using var src = new FixtureModelSource(arch);
        using var model = TransformerModel.Load(src, threads: 2);
        var seq = model.CreateSequence(16);
        var state = model.CreateState(1, 1);
        var expected = src.Logits;
        var tokens = src.Tokens;
        for (int t = 0; t < tokens.Length; t++)
        {
            model.Forward([new BatchToken(seq, tokens[t], true)], state);
            TorchReferenceTests.AssertClose(expected[t], state.GetLogits(0).ToArray(), 1e-4f, $"decode step {t}");
        }
        Assert.Equal(tokens.Length, seq.Length);
    }

    [Fact]
    public void ChunkedPromptThenDecodeMatchesFullSequence()
    {
        using var src = new FixtureModelSource("qwen2");
        using var model = TransformerModel.Load(src, threads: 2);
        var tokens = src.Tokens;
        var seq = model.CreateSequence(16);
        var state = model.CreateState(4, 1);
        // chunks of 4 and 3, logits only for the last token of each chunk, then single-token decode
        model.Forward(tokens[..4].Select((t, i) => new BatchToken(seq, t, i == 3)).ToArray(), state);
        TorchReferenceTests.AssertClose(src.Logits[3], state.GetLogits(0).ToArray(), 1e-4f, "chunk 1");
        model.Forward(tokens[4..7].Select((t, i) => new BatchToken(seq, t, i == 2)).ToArray(), state);
        TorchReferenceTests.AssertClose(src.Logits[6], state.GetLogits(0).ToArray(), 1e-4f, "chunk 2");
        for (int t = 7; t < tokens.Length; t++)
        {
            model.Forward([new BatchToken(seq, tokens[t], true)], state);
            TorchReferenceTests.AssertClose(src.Logits[t], state.GetLogits(0).ToArray(), 1e-4f, $"decode {t}");
        }
    }

    [Fact]
    public void BatchedDecodeOfSeveralSequencesEqualsDecodingEachAlone()
    {
        using var src = new FixtureModelSource("qwen3");
        using var model = TransformerModel.Load(src, threads: 2);
        int[][] prompts = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10], [11]];
        int[] next = [20, 21, 22, 23];

        var alone = new float[prompts.Length][];
        var single = model.CreateState(8, 1);
        for (int s = 0; s < prompts.Length; s++)
        {
            var seq = model.CreateSequence(16);
            model.Forward(prompts[s].Select(t => new BatchToken(seq, t, false)).ToArray(), single);
            model.Forward([new BatchToken(seq, next[s], true)], single);
            alone[s] = single.GetLogits(0).ToArray();
        }

        var seqs = prompts.Select(_ => model.CreateSequence(16)).ToArray();
        var state = model.CreateState(16, 4);
        // all prompts in one mixed batch, then one decode step for all four sequences together
        model.Forward(prompts.SelectMany((p, s) => p.Select(t => new BatchToken(seqs[s], t, false))).ToArray(), state);
        model.Forward(next.Select((t, s) => new BatchToken(seqs[s], t, true)).ToArray(), state);
        for (int s = 0; s < prompts.Length; s++)
        {
            Assert.Equal(prompts[s].Length + 1, seqs[s].Length);
            TorchReferenceTests.AssertClose(alone[s], state.GetLogits(s).ToArray(), 1e-5f, $"sequence {s}");
        }
    }

    [Fact]
    public void ForkedSequenceContinuesIdentically()
    {
        using var src = new FixtureModelSource("llama");
        using var model = TransformerModel.Load(src, threads: 2);
        var tokens = src.Tokens;
        var parent = model.CreateSequence(16);
        var state = model.CreateState(8, 2);
        model.Forward(tokens[..5].Select(t => new BatchToken(parent, t, false)).ToArray(), state);
        var child = parent.Fork(model.Config);
        model.Forward([new BatchToken(parent, tokens[5], true), new BatchToken(child, tokens[5], true)], state);
        TorchReferenceTests.AssertClose(src.Logits[5], state.GetLogits(0).ToArray(), 1e-4f, "parent");
        TorchReferenceTests.AssertClose(src.Logits[5], state.GetLogits(1).ToArray(), 1e-4f, "child");
        // the two diverge afterwards without disturbing each other
        model.Forward([new BatchToken(child, 40, true), new BatchToken(parent, tokens[6], true)], state);
        TorchReferenceTests.AssertClose(src.Logits[6], state.GetLogits(1).ToArray(), 1e-4f, "parent after divergence");
    }

    [Fact]
    public void ExceedingTheContextThrowsAndChangesNothing()
    {
        using var src = new FixtureModelSource("qwen2");
        using var model = TransformerModel.Load(src, threads: 1);
        var seq = model.CreateSequence(4);
        var state = model.CreateState(8, 1);
        model.Forward([new BatchToken(seq, 1, false), new BatchToken(seq, 2, false), new BatchToken(seq, 3, true)], state);
        var ex = Assert.Throws<ContextLengthExceededException>(() =>
            model.Forward([new BatchToken(seq, 4, false), new BatchToken(seq, 5, true)], state));
        Assert.Equal(4, ex.ContextSize);
        Assert.Equal(5, ex.Requested);
        Assert.Equal(3, seq.Length);
        model.Forward([new BatchToken(seq, 4, true)], state);
        Assert.Equal(4, seq.Length);
    }

    [Fact]
    public void CancellationStopsTheStep()
    {
        using var src = new FixtureModelSource("qwen2");
        using var model = TransformerModel.Load(src, threads: 1);
        var seq = model.CreateSequence(8);
        var state = model.CreateState(1, 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => model.Forward([new BatchToken(seq, 1, true)], state, cts.Token));
        Assert.Equal(0, seq.Length);
    }
}
