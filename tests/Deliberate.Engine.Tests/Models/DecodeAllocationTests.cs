using Deliberate.Engine.Models;

namespace Deliberate.Engine.Tests.Models;

/// <summary>The bare forward step allocates nothing once warmed up (all buffers preallocated).</summary>
public sealed class DecodeAllocationTests
{
    [Fact]
    public void DecodeStepsDoNotAllocate()
    {
        using var src = new FixtureModelSource("qwen3");
        using var model = TransformerModel.Load(src, threads: 2);
        var steps = new ForwardSteps(model, maxBatch: 8);
        var seq = model.CreateSequence(64);
        steps.Prefill(seq, src.Tokens);
        steps.Decode(seq, 3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 8; i++)
            steps.Decode(seq, i + 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
