using Deliberate.Engine.Tensors.Compute;

namespace Deliberate.Engine.Tests.Tensors;

[Trait("Category", "Kernels")]
public unsafe class ComputePoolTests
{
    private struct Counters
    {
        public int* PerThread;
        public int Threads;
    }

    private static void CountRun(void* context, int index, int threads)
    {
        var counters = (Counters*)context;
        if (threads != counters->Threads) throw new InvalidOperationException("thread count mismatch");
        Interlocked.Increment(ref counters->PerThread[index]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryThreadRunsEveryJobExactlyOnce(int threads)
    {
        using var pool = new ComputePool(threads);
        Assert.Equal(threads, pool.ThreadCount);
        var perThread = stackalloc int[threads];
        var counters = new Counters { PerThread = perThread, Threads = threads };
        const int Jobs = 1000;
        for (var j = 0; j < Jobs; j++)
            pool.Run(&CountRun, &counters);
        for (var t = 0; t < threads; t++) Assert.Equal(Jobs, perThread[t]);
    }

    [Fact]
    public void WorkersWakeUpAfterSleeping()
    {
        using var pool = new ComputePool(2);
        var perThread = stackalloc int[2];
        var counters = new Counters { PerThread = perThread, Threads = 2 };
        pool.Run(&CountRun, &counters);
        Thread.Sleep(300); // long enough for the worker to stop spinning and block
        pool.Run(&CountRun, &counters);
        Assert.Equal(2, perThread[1]);
    }

    [Fact]
    public void DefaultsToOneThreadPerProcessor()
    {
        using var pool = new ComputePool();
        Assert.Equal(Environment.ProcessorCount, pool.ThreadCount);
    }
}
