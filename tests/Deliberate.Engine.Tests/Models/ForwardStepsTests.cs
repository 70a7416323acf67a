using Deliberate.Engine.Models;

namespace Deliberate.Engine.Tests.Models;

/// <summary>The bare forward steps bench measures: the prompt's logits follow the PyTorch reference, limits and cancellation hold.</summary>
public sealed class ForwardStepsTests
{
    [Fact]
    public void AChunkedPrefillEndsOnTheTorchArgMaxAndDecodeExtendsTheSequence()
    {
        using var src = new FixtureModelSource("qwen2");
        using var model = TransformerModel.Load(src, threads: 2);
        var prompt = src.Tokens;
        var steps = new ForwardSteps(model, maxBatch: 4);
        var seq = model.CreateSequence(32);
        var next = TorchReferenceTests.ArgMax(steps.Prefill(seq, prompt).ToArray());
        Assert.Equal(TorchReferenceTests.ArgMax(src.Logits[^1]), next);
        steps.Decode(seq, next);
        Assert.Equal(prompt.Length + 1, seq.Length);
    }

    [Fact]
    public void PromptLongerThanTheContextIsRejected()
    {
        using var src = new FixtureModelSource("llama");
        using var model = TransformerModel.Load(src, threads: 1);
        var steps = new ForwardSteps(model, maxBatch: 8);
        var seq = model.CreateSequence(4);
        Assert.Throws<ContextLengthExceededException>(() => steps.Prefill(seq, src.Tokens));
        Assert.Equal(0, seq.Length);
    }

    [Fact]
    public void ACancelledTokenStopsTheForwardStep()
    {
        using var src = new FixtureModelSource("qwen3");
        using var model = TransformerModel.Load(src, threads: 1);
        var steps = new ForwardSteps(model, maxBatch: 8);
        var seq = model.CreateSequence(64);
        steps.Prefill(seq, src.Tokens);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => steps.Decode(seq, 3, cancel.Token));
    }
}
