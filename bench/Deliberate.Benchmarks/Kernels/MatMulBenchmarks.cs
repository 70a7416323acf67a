using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Compute;
using Deliberate.Engine.Tensors.Quantization;
using System.Runtime.InteropServices;

namespace Deliberate.Benchmarks.Kernels;

/// <summary>
/// Prompt-shaped products: a 4096×4096 matrix times 32 activation rows on 2 threads. Compute-bound (the weights
/// are read once for 32 rows), so it shows the multi-row kernels; rows/s = 32 ÷ mean time.
/// </summary>
public unsafe class MatMulBenchmarks
{
    private const int Size = 4096;
    private const int Rows = 32;
    private byte* _weights;
    private QuantizedMatrix _matrix;
    private float[] _x = [];
    private float[] _y = [];
    private ComputePool? _pool;

    [Params(GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.F16)]
    public GgmlType Type { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rowBytes = GgmlTypeInfo.Get(Type).RowBytes(Size);
        _weights = (byte*)NativeMemory.AlignedAlloc((nuint)(rowBytes * Size), 64);
        var random = new Random(7);
        var row = new float[Size];
        for (var r = 0; r < Size; r++)
        {
            // 8 distinct quantized rows, tiled: speed depends on shapes and formats, not values.
            var destination = new Span<byte>(_weights + r * rowBytes, (int)rowBytes);
            if (r < 8)
            {
                for (var i = 0; i < Size; i++) row[i] = (float)(random.NextDouble() * 2 - 1) * 0.05f;
                Quantizer.Quantize(Type, row, destination);
            }
            else
            {
                new Span<byte>(_weights + r % 8 * rowBytes, (int)rowBytes).CopyTo(destination);
            }
        }
        _matrix = new QuantizedMatrix(_weights, Type, Size, Size);
        _x = new float[Rows * Size];
        for (var i = 0; i < _x.Length; i++) _x[i] = (float)(random.NextDouble() * 2 - 1);
        _y = new float[Rows * Size];
        _pool = new ComputePool(2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool?.Dispose();
        NativeMemory.AlignedFree(_weights);
    }

    [Benchmark]
    public float MatMul32()
    {
        MatMul.Multiply(_pool!, _matrix, _x, _y, Rows);
        return _y[0];
    }
}
