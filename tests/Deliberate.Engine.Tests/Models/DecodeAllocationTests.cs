using Deliberate.Engine.Models;
using Deliberate.Engine.Runtime;

namespace Deliberate.Engine.Tests.Models;

/// <summary>The decode step allocates nothing once warmed up (all buffers preallocated).</summary>
public sealed class DecodeAllocationTests
{
    [Fact]
    public void DecodeStepsDoNotAllocate()
    {
        using var src = new FixtureModelSource("qwen3");
        using var model = TransformerModel.Load(src, threads: 2);
        var generator = new TextGenerator(model, chunkSize: 8);
        var seq = model.CreateSequence(64);
        generator.Prefill(seq, src.Tokens);
        generator.Step(seq, 3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 8; i++)
            generator.Step(seq, i + 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
