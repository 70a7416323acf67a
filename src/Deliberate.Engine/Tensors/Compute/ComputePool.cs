namespace Deliberate.Engine.Tensors.Compute;

/// <summary>
/// A persistent pool of N−1 worker threads plus the calling thread for data-parallel kernels. Decode runs
/// hundreds of matrix products per token, each a few tens of microseconds, so a job must cost no allocation
/// and no kernel-level wake-up when jobs come back to back: workers spin for a while after each job and only
/// then block on a monitor. One job runs at a time; <see cref="Run"/> returns when every thread has finished.
/// </summary>
/// <remarks>Not thread-safe: one pool belongs to one inference loop. Dispose stops the workers.</remarks>
public sealed unsafe class ComputePool : IDisposable
{
    /// <summary>Spin iterations before a worker blocks (about 50–100 µs: longer than the gap between matmuls).</summary>
    private const int SpinIterations = 20_000;

    private readonly Thread[] _workers;
    private readonly object _gate = new();
    private delegate*<void*, int, int, void> _job;
    private void* _context;
    private int _generation;
    private int _pending;
    private int _sleepers;
    private int _running;
    private volatile bool _stopping;

    /// <summary>Creates a pool of <paramref name="threadCount"/> threads in total (default: one per processor).</summary>
    public ComputePool(int threadCount = 0)
    {
        if (threadCount <= 0) threadCount = Environment.ProcessorCount;
        ThreadCount = threadCount;
        _workers = new Thread[threadCount - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            var index = i + 1;
            _workers[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"deliberate-compute-{index}" };
            _workers[i].Start();
        }
    }

    /// <summary>Threads that take part in a job, the caller included.</summary>
    public int ThreadCount { get; }

    /// <summary>Scratch buffers for matrix products run on this pool (activation quantization).</summary>
    public MatMulWorkspace Workspace { get; } = new();

    /// <summary>
    /// Runs <c>job(context, threadIndex, ThreadCount)</c> on every thread (index 0 is the caller) and waits for
    /// all of them. <paramref name="context"/> usually points at a struct on the caller's stack.
    /// </summary>
    public void Run(delegate*<void*, int, int, void> job, void* context)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new InvalidOperationException("ComputePool.Run was called while a job was running (pools are not shared between threads, and jobs cannot nest)");
        try
        {
            RunExclusive(job, context);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private void RunExclusive(delegate*<void*, int, int, void> job, void* context)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (_workers.Length == 0)
        {
            job(context, 0, 1);
            return;
        }
        _job = job;
        _context = context;
        Volatile.Write(ref _pending, _workers.Length);
        Interlocked.Increment(ref _generation); // full fence: publishes job, context and pending
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }
        try
        {
            job(context, 0, ThreadCount);
        }
        finally
        {
            // Even if the caller's share throws, wait: the workers may still be reading the caller's context.
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void WorkerLoop(int index)
    {
        var seen = 0;
        while (true)
        {
            var generation = WaitForJob(seen);
            if (_stopping) return;
            seen = generation;
            _job(_context, index, ThreadCount);
            Interlocked.Decrement(ref _pending);
        }
    }

    private int WaitForJob(int seen)
    {
        for (var i = 0; i < SpinIterations; i++)
        {
            var generation = Volatile.Read(ref _generation);
            if (generation != seen || _stopping) return generation;
            Thread.SpinWait(1);
        }
        lock (_gate)
        {
            Interlocked.Increment(ref _sleepers); // full fence before re-reading the generation (pairs with Run)
            try
            {
                while (Volatile.Read(ref _generation) == seen && !_stopping) Monitor.Wait(_gate);
                return Volatile.Read(ref _generation);
            }
            finally
            {
                Interlocked.Decrement(ref _sleepers);
            }
        }
    }

    /// <summary>Stops and joins the workers; pending work must have finished (Run is synchronous).</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        lock (_gate) Monitor.PulseAll(_gate);
        foreach (var worker in _workers) worker.Join();
        Workspace.Dispose();
    }
}
