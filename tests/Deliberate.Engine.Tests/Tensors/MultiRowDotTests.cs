using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Dot;
using Deliberate.Engine.Tensors.Kernels;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

[Trait("Category", "Kernels")]
public unsafe class MultiRowDotTests
{
    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void FourRowKernelEqualsFourScalarDots(GgmlType type)
    {
        var kernel = MultiRowDot.For(type, KernelDispatch.Selected);
        if (kernel == null) return; // this type (or this ISA level) uses the single-row kernel for prompts
        var four = stackalloc float[4];
        foreach (var blocks in new[] { 1, 3, 8 })
        {
            var blockSize = GgmlTypeInfo.Get(type).BlockSize;
            var n = blockSize == 1 ? blocks * 37 : blocks * blockSize;
            var wq = new byte[GgmlTypeInfo.Get(type).RowBytes(n)];
            Quantizer.Quantize(type, TestData.Gaussian(n, blocks), wq);
            var activationType = RowDot.ActivationType(type);
            var rowBytes = (int)GgmlTypeInfo.Get(activationType).RowBytes(n);
            var xq = new byte[4 * rowBytes];
            for (var k = 0; k < 4; k++)
                Quantizer.Quantize(activationType, TestData.Gaussian(n, 100 * blocks + k), xq.AsSpan(k * rowBytes, rowBytes));
            fixed (byte* w = wq)
            fixed (byte* x = xq)
            {
                kernel(w, x, rowBytes, n, four);
                for (var k = 0; k < 4; k++)
                {
                    var expected = RowDot.For(type, KernelIsa.Scalar)(w, x + k * rowBytes, n);
                    Assert.True(Math.Abs(four[k] - expected) <= 2e-5 * n + 1e-4, $"{type} n={n} row {k}: {four[k]} vs {expected}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void PairKernelEqualsTheFourRowKernelOnEachRow(GgmlType type)
    {
        var pair = MultiRowDot.ForPair(type, KernelDispatch.Selected);
        if (pair == null) return; // no 2 x 4 kernel for this type or ISA level
        var four = MultiRowDot.For(type, KernelDispatch.Selected);
        var eight = stackalloc float[8];
        var expected = stackalloc float[4];
        foreach (var blocks in new[] { 1, 3, 8 })
        {
            var n = blocks * GgmlTypeInfo.Get(type).BlockSize;
            var weightBytes = (int)GgmlTypeInfo.Get(type).RowBytes(n);
            var wq = new byte[2 * weightBytes];
            for (var r = 0; r < 2; r++)
                Quantizer.Quantize(type, TestData.Gaussian(n, 10 * blocks + r), wq.AsSpan(r * weightBytes, weightBytes));
            var activationType = RowDot.ActivationType(type);
            var rowBytes = (int)GgmlTypeInfo.Get(activationType).RowBytes(n);
            var xq = new byte[4 * rowBytes];
            for (var k = 0; k < 4; k++)
                Quantizer.Quantize(activationType, TestData.Gaussian(n, 100 * blocks + k), xq.AsSpan(k * rowBytes, rowBytes));
            fixed (byte* w = wq)
            fixed (byte* x = xq)
            {
                pair(w, weightBytes, x, rowBytes, n, eight);
                for (var r = 0; r < 2; r++)
                {
                    four(w + r * weightBytes, x, rowBytes, n, expected);
                    for (var k = 0; k < 4; k++)
                        Assert.Equal(expected[k], eight[4 * r + k]);
                }
            }
        }
    }
}
