using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Dot;
using Deliberate.Engine.Tensors.Kernels;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>
/// Three-way checks of every dot kernel: the selected SIMD path vs its scalar twin vs a plain f32 dot of the
/// dequantized operands, plus llama.cpp's own vec_dot on the same bytes and its end-to-end error budget.
/// </summary>
[Trait("Category", "Kernels")]
public unsafe class DotKernelTests
{
    public static TheoryData<GgmlType, int> TypesAndBlockCounts()
    {
        var data = new TheoryData<GgmlType, int>();
        foreach (var type in KernelTypes.All)
        {
            foreach (var blocks in new[] { 1, 2, 3, 7, 16 })
                data.Add(type, blocks);
        }
        return data;
    }

    private sealed record Operands(byte[] Weights, byte[] Activations, float[] WeightsF32, float[] ActivationsF32, int N);

    private static Operands Make(GgmlType type, int n, int seed)
    {
        var w = TestData.Gaussian(n, seed);
        var x = TestData.Gaussian(n, seed + 1000);
        var wq = new byte[GgmlTypeInfo.Get(type).RowBytes(n)];
        Quantizer.Quantize(type, w, wq);
        var activationType = RowDot.ActivationType(type);
        var xq = new byte[GgmlTypeInfo.Get(activationType).RowBytes(n)];
        Quantizer.Quantize(activationType, x, xq);
        var wf = new float[n];
        Dequantizer.Dequantize(type, wq, wf);
        var xf = new float[n];
        Dequantizer.Dequantize(activationType, xq, xf);
        return new Operands(wq, xq, wf, xf, n);
    }

    private static float Run(GgmlType type, KernelIsa isa, Operands o)
    {
        var dot = RowDot.For(type, isa);
        fixed (byte* w = o.Weights)
        fixed (byte* x = o.Activations)
            return dot(w, x, o.N);
    }

    /// <summary>Row lengths of 1..16 blocks; F32/F16/BF16 also get odd lengths that exercise the scalar tails.</summary>
    private static int Length(GgmlType type, int blocks)
    {
        var blockSize = GgmlTypeInfo.Get(type).BlockSize;
        return blockSize == 1 ? blocks * 37 : blocks * blockSize;
    }

    [Theory]
    [MemberData(nameof(TypesAndBlockCounts))]
    public void SimdMatchesScalarAndDequantizedDot(GgmlType type, int blocks)
    {
        var o = Make(type, Length(type, blocks), seed: blocks);
        var scalar = Run(type, KernelIsa.Scalar, o);
        var simd = Run(type, KernelDispatch.Selected, o);
        var plain = TestData.Dot(o.WeightsF32, o.ActivationsF32);
        var tolerance = 2e-5 * o.N + 1e-4;
        Assert.True(Math.Abs(simd - scalar) <= tolerance, $"{type} n={o.N}: simd {simd} scalar {scalar}");
        Assert.True(Math.Abs(scalar - plain) <= tolerance + KernelTypes.StoredSumSlack(type, o.N), $"{type} n={o.N}: scalar {scalar} f32 {plain}");
    }

    [Theory]
    [MemberData(nameof(KernelTypes.QuantizedData), MemberType = typeof(KernelTypes))]
    public void MatchesLlamaCppVecDotOnTheSameBytes(GgmlType type)
    {
        Assert.Equal(GgmlReference.VecDotType(type), RowDot.ActivationType(type));
        var o = Make(type, 4096, seed: 5);
        var theirs = GgmlReference.VecDot(type, o.Weights, o.Activations, o.N);
        var tolerance = 2e-5 * o.N;
        Assert.True(Math.Abs(Run(type, KernelIsa.Scalar, o) - theirs) <= tolerance, $"{type}: scalar vs ggml {theirs}");
        Assert.True(Math.Abs(Run(type, KernelDispatch.Selected, o) - theirs) <= tolerance, $"{type}: simd vs ggml {theirs}");
    }

    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void DotErrorIsWithinLlamaCppBudget(GgmlType type)
    {
        // test-quantize-fns.cpp: quantize both operands, compare with the f32 dot of the originals, divide by n.
        const int N = 32 * 128;
        var w = TestData.Cosine(N, 0);
        var x = TestData.Cosine(N, 1);
        var wq = new byte[GgmlTypeInfo.Get(type).RowBytes(N)];
        Quantizer.Quantize(type, w, wq);
        var activationType = RowDot.ActivationType(type);
        var xq = new byte[GgmlTypeInfo.Get(activationType).RowBytes(N)];
        Quantizer.Quantize(activationType, x, xq);
        var reference = TestData.Dot(w, x);
        foreach (var isa in new[] { KernelIsa.Scalar, KernelDispatch.Selected })
        {
            float result;
            fixed (byte* wp = wq)
            fixed (byte* xp = xq)
                result = RowDot.For(type, isa)(wp, xp, N);
            var error = Math.Abs(result - reference) / N;
            Assert.True(error < KernelTypes.DotBudget(type), $"{type} {isa}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void EngineKernelIsThePreferredLevelsAndMatchesScalar(GgmlType type)
    {
        var preferred = RowDot.PreferredIsa(type);
        Assert.True(preferred <= KernelDispatch.Selected, $"{type}: {preferred} above {KernelDispatch.Selected}");
        var o = Make(type, Length(type, 7), seed: 11);
        float engine;
        fixed (byte* w = o.Weights)
        fixed (byte* x = o.Activations)
            engine = RowDot.For(type)(w, x, o.N);
        Assert.Equal(Run(type, preferred, o), engine); // the same kernel: the same float, bit for bit
        var scalar = Run(type, KernelIsa.Scalar, o);
        Assert.True(Math.Abs(engine - scalar) <= 2e-5 * o.N + 1e-4, $"{type} {preferred}: {engine} vs scalar {scalar}");
    }
}
