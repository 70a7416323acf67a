using Deliberate.Engine.Models;
using Deliberate.Engine.Runtime;
using Deliberate.Engine.Sampling;

namespace Deliberate.Engine.Tests.Models;

/// <summary>The generation loop: greedy output follows the PyTorch reference, limits and cancellation are honoured.</summary>
public sealed class TextGeneratorTests
{
    [Fact]
    public void GreedyFirstTokenIsTheTorchArgMaxAndTheLoopStopsAtTheLimit()
    {
        using var src = new FixtureModelSource("qwen2");
        using var model = TransformerModel.Load(src, threads: 2);
        var prompt = src.Tokens;
        var generator = new TextGenerator(model, chunkSize: 4);
        var seq = model.CreateSequence(32);
        var produced = new List<int>();
        int count = generator.Generate(seq, prompt, new Sampler(model.Config.VocabularySize, SamplerOptions.Greedy), 5,
            new HashSet<int>(), produced.Add);
        Assert.Equal(5, count);
        Assert.Equal(TorchReferenceTests.ArgMax(src.Logits[^1]), produced[0]);
        Assert.Equal(prompt.Length + 4, seq.Length); // the last sampled token is not fed back
    }

    [Fact]
    public void PromptLongerThanTheContextIsRejected()
    {
        using var src = new FixtureModelSource("llama");
        using var model = TransformerModel.Load(src, threads: 1);
        var generator = new TextGenerator(model);
        var seq = model.CreateSequence(4);
        Assert.Throws<ContextLengthExceededException>(() => generator.Prefill(seq, src.Tokens));
        Assert.Equal(0, seq.Length);
    }

    [Fact]
    public void CancellationStopsGenerationWithinOneStep()
    {
        using var src = new FixtureModelSource("qwen3");
        using var model = TransformerModel.Load(src, threads: 1);
        var generator = new TextGenerator(model);
        var seq = model.CreateSequence(64);
        using var cts = new CancellationTokenSource();
        var produced = new List<int>();
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Generate(seq, src.Tokens,
            new Sampler(model.Config.VocabularySize, SamplerOptions.Greedy), 40, new HashSet<int>(),
            t => { produced.Add(t); if (produced.Count == 3) cts.Cancel(); }, cts.Token));
        Assert.Equal(3, produced.Count);
    }
}
