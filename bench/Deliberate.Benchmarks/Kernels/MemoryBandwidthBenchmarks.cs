using BenchmarkDotNet.Attributes;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Deliberate.Benchmarks.Kernels;

/// <summary>
/// This machine's memory read bandwidth: sum 1 GiB of 64-bit integers with 256-bit loads on 1 and 2 threads.
/// The sum is returned, so the JIT cannot drop the loop; the GB/s column is bytes read per second.
/// </summary>
[Config(typeof(BandwidthConfig))]
public unsafe class MemoryBandwidthBenchmarks
{
    private const long Bytes = 1L << 30;
    private byte* _buffer;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _buffer = (byte*)NativeMemory.AlignedAlloc((nuint)Bytes, 64);
        for (long i = 0; i < Bytes; i += 8) *(long*)(_buffer + i) = i;
    }

    [GlobalCleanup]
    public void Cleanup() => NativeMemory.AlignedFree(_buffer);

    [Benchmark]
    public long Read()
    {
        if (Threads == 1) return Sum(_buffer, Bytes);
        var partial = new long[Threads];
        var chunk = Bytes / Threads;
        var buffer = (nint)_buffer;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads },
            t => partial[t] = Sum((byte*)buffer + t * chunk, chunk));
        return partial.Sum();
    }

    private static long Sum(byte* p, long bytes)
    {
        Vector256<long> a0 = default, a1 = default, a2 = default, a3 = default;
        for (long i = 0; i < bytes; i += 128)
        {
            a0 += Vector256.Load((long*)(p + i));
            a1 += Vector256.Load((long*)(p + i + 32));
            a2 += Vector256.Load((long*)(p + i + 64));
            a3 += Vector256.Load((long*)(p + i + 96));
        }
        return Vector256.Sum(a0 + a1 + a2 + a3);
    }
}
