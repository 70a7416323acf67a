using System.Runtime.InteropServices;
using Deliberate.Engine.Tensors.Compute;

namespace Deliberate.Engine.Models;

/// <summary>
/// The threads a model computes on (default: all cores): the kernels' persistent <see cref="ComputePool"/>, plus a
/// way to spread a model-level job (attention) over the same threads without allocating per call.
/// </summary>
public sealed unsafe class ComputeContext : IDisposable
{
    public ComputeContext(int threadCount = 0)
    {
        Pool = new ComputePool(threadCount);
    }

    public ComputePool Pool { get; }

    public int ThreadCount => Pool.ThreadCount;

    /// <summary>Runs <paramref name="job"/>.Run(thread, threads) on every pool thread; the job object is pinned by a handle the caller keeps.</summary>
    internal void Run(GCHandle job) => Pool.Run(&Dispatch, (void*)GCHandle.ToIntPtr(job));

    private static void Dispatch(void* context, int index, int threads) =>
        ((IParallelJob)GCHandle.FromIntPtr((nint)context).Target!).Run(index, threads);

    public void Dispose() => Pool.Dispose();
}

/// <summary>A model-level parallel job; <see cref="Run"/> handles thread <c>index</c>'s share of the work.</summary>
internal interface IParallelJob
{
    void Run(int index, int threads);
}
