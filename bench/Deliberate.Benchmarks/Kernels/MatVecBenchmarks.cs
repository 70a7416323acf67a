using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Compute;
using Deliberate.Engine.Tensors.Quantization;
using System.Runtime.InteropServices;

namespace Deliberate.Benchmarks.Kernels;

/// <summary>
/// Decode-shaped matrix-vector products: 4096×4096 weights per type, on 1 and 2 threads. One invocation
/// multiplies a ring of distinct matrices totalling ≥ 256 MiB, so the weights stream from DRAM rather than
/// the 32 MiB L3 (a single Q4_K 4096² matrix is only 9 MiB). The GB/s column is weight bytes read per second.
/// </summary>
[Config(typeof(BandwidthConfig))]
public unsafe class MatVecBenchmarks
{
    private const int Size = 4096;
    private const long RingBytes = 256L << 20;

    private byte* _weights;
    private QuantizedMatrix[] _matrices = [];
    private float[] _x = [];
    private float[] _y = [];
    private ComputePool? _pool;

    [Params(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q2_K, GgmlType.Q3_K,
        GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.F16, GgmlType.BF16, GgmlType.F32)]
    public GgmlType Type { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rowBytes = GgmlTypeInfo.Get(Type).RowBytes(Size);
        var matrixBytes = rowBytes * Size;
        var count = (int)Math.Max(1, (RingBytes + matrixBytes - 1) / matrixBytes);
        _weights = (byte*)NativeMemory.AlignedAlloc((nuint)(matrixBytes * count), 64);
        // Quantize 16 distinct random rows once and tile them: speed does not depend on values, only on
        // them being finite and realistic (random bytes could make NaN/denormal scales).
        var random = new Random(42);
        var row = new float[Size];
        var samples = new byte[16 * rowBytes];
        for (var r = 0; r < 16; r++)
        {
            for (var i = 0; i < Size; i++) row[i] = (float)(random.NextDouble() * 2 - 1) * 0.05f;
            Quantizer.Quantize(Type, row, samples.AsSpan((int)(r * rowBytes), (int)rowBytes));
        }
        for (long r = 0; r < (long)Size * count; r++)
            samples.AsSpan((int)(r % 16 * rowBytes), (int)rowBytes).CopyTo(new Span<byte>(_weights + r * rowBytes, (int)rowBytes));
        _matrices = new QuantizedMatrix[count];
        for (var m = 0; m < count; m++) _matrices[m] = new QuantizedMatrix(_weights + m * matrixBytes, Type, Size, Size);
        _x = new float[Size];
        for (var i = 0; i < Size; i++) _x[i] = (float)(random.NextDouble() * 2 - 1);
        _y = new float[Size];
        _pool = new ComputePool(Threads);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool?.Dispose();
        NativeMemory.AlignedFree(_weights);
    }

    /// <summary>Every matrix of the ring once (the GB/s column divides the ring's bytes by the mean time).</summary>
    [Benchmark]
    public float MatVec()
    {
        foreach (var matrix in _matrices) MatMul.Multiply(_pool!, matrix, _x, _y);
        return _y[0];
    }
}
