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

    private static void Nested(void* context, int index, int threads)
    {
        if (index == 0)
            ((ComputePool)System.Runtime.InteropServices.GCHandle.FromIntPtr((nint)context).Target!).Run(&CountRun, null);
    }

    [Fact]
    public void NestedRunsAreRejectedAndThePoolStaysUsable()
    {
        using var pool = new ComputePool(2);
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(pool);
        try
        {
            Assert.Throws<InvalidOperationException>(() => pool.Run(&Nested, (void*)System.Runtime.InteropServices.GCHandle.ToIntPtr(handle)));
        }
        finally
        {
            handle.Free();
        }
        var perThread = stackalloc int[2];
        var counters = new Counters { PerThread = perThread, Threads = 2 };
        pool.Run(&CountRun, &counters);
        Assert.Equal(1, perThread[0]);
        Assert.Equal(1, perThread[1]);
    }

    [Fact]
    public void DisposedPoolsRefuseWork()
    {
        var pool = new ComputePool(2);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(&CountRun, null));
    }

    [Fact]
    public void DefaultsToOneThreadPerProcessor()
    {
        using var pool = new ComputePool();
        Assert.Equal(Environment.ProcessorCount, pool.ThreadCount);
    }
}
