using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Dot;
using Deliberate.Engine.Tensors.Kernels;
using Deliberate.Engine.Tensors.Quantization;
using System.Runtime.InteropServices;

namespace Deliberate.Benchmarks.Kernels;

/// <summary>
/// One dot kernel's compute speed per ISA level, with the operands in cache (64 weight rows of 4096 values, at
/// most 1.1 MiB, against one activation row): the 512-bit kernels vs the 256-bit ones (which use AVX-VNNI where
/// the CPU has it). Decode streams weights from DRAM, so this bounds what a wider kernel can gain in prefill.
/// </summary>
public unsafe class DotIsaBenchmarks
{
    private const int Size = 4096;
    private const int Rows = 64;

    private byte* _weights;
    private byte* _activations;
    private long _rowBytes;
    private delegate*<byte*, byte*, int, float> _dot;

    [Params(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q2_K, GgmlType.Q3_K,
        GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.F16, GgmlType.BF16, GgmlType.F32)]
    public GgmlType Type { get; set; }

    [Params(KernelIsa.Avx2, KernelIsa.Avx512)]
    public KernelIsa Isa { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Isa == KernelIsa.Avx512 && KernelDispatch.Selected != KernelIsa.Avx512)
            throw new NotSupportedException("this CPU (or DOTNET_Enable* switches) has no AVX-512");
        _rowBytes = GgmlTypeInfo.Get(Type).RowBytes(Size);
        _weights = (byte*)NativeMemory.AlignedAlloc((nuint)(_rowBytes * Rows), 64);
        var random = new Random(42);
        var row = new float[Size];
        for (var r = 0; r < Rows; r++)
        {
            for (var i = 0; i < Size; i++) row[i] = (float)(random.NextDouble() * 2 - 1) * 0.05f;
            Quantizer.Quantize(Type, row, new Span<byte>(_weights + r * _rowBytes, (int)_rowBytes));
        }
        var activationType = RowDot.ActivationType(Type);
        var activationBytes = GgmlTypeInfo.Get(activationType).RowBytes(Size);
        _activations = (byte*)NativeMemory.AlignedAlloc((nuint)activationBytes, 64);
        for (var i = 0; i < Size; i++) row[i] = (float)(random.NextDouble() * 2 - 1);
        Quantizer.Quantize(activationType, row, new Span<byte>(_activations, (int)activationBytes));
        _dot = RowDot.For(Type, Isa);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_weights);
        NativeMemory.AlignedFree(_activations);
    }

    [Benchmark]
    public float Dot64Rows()
    {
        float sum = 0;
        for (var r = 0; r < Rows; r++) sum += _dot(_weights + r * _rowBytes, _activations, Size);
        return sum;
    }
}
