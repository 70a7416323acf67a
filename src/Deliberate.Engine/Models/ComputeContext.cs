namespace Deliberate.Engine.Models;

/// <summary>
/// How many threads the forward pass may use (default: all cores).
/// TEMPORARY seam: wraps <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> until the kernels'
/// persistent <c>ComputePool</c> lands on main; Parallel.For allocates a little per call, the pool will not.
/// </summary>
public sealed class ComputeContext
{
    private readonly ParallelOptions _options;

    public ComputeContext(int threadCount = 0)
    {
        ThreadCount = threadCount > 0 ? threadCount : Environment.ProcessorCount;
        _options = new ParallelOptions { MaxDegreeOfParallelism = ThreadCount };
    }

    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="body"/>(chunk) for chunk in [0, chunks); inline when one thread or one chunk.</summary>
    public void For(int chunks, Action<int> body)
    {
        if (ThreadCount == 1 || chunks == 1)
        {
            for (int i = 0; i < chunks; i++)
                body(i);
            return;
        }
        Parallel.For(0, chunks, _options, body);
    }
}
