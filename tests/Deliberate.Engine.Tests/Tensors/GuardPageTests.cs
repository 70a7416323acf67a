using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Dot;
using Deliberate.Engine.Tensors.Kernels;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>Every kernel reads exactly its input: operands end at a guard page (a read past it crashes the run).</summary>
[Trait("Category", "Kernels")]
public unsafe class GuardPageTests
{
    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void DotKernelsStayInsideTheirRows(GgmlType type)
    {
        var blockSize = GgmlTypeInfo.Get(type).BlockSize;
        foreach (var n in blockSize == 1 ? new[] { 1, 7, 8, 9, 31, 33 } : new[] { blockSize, 3 * blockSize })
        {
            var w = TestData.Gaussian(n, n);
            var x = TestData.Gaussian(n, n + 1);
            var activationType = RowDot.ActivationType(type);
            using var wq = new GuardedBuffer((int)GgmlTypeInfo.Get(type).RowBytes(n));
            using var xq = new GuardedBuffer((int)GgmlTypeInfo.Get(activationType).RowBytes(n));
            using var xf = new GuardedBuffer(n * 4);
            x.AsSpan().CopyTo(new Span<float>(xf.Pointer, n));
            Quantizer.Quantize(type, w, wq.Span);
            ActivationQuantizer.Quantize(activationType, (float*)xf.Pointer, xq.Pointer, n);
            var scalar = RowDot.For(type, KernelIsa.Scalar)(wq.Pointer, xq.Pointer, n);
            var simd = RowDot.For(type)(wq.Pointer, xq.Pointer, n);
            Assert.True(Math.Abs(simd - scalar) <= 1e-3 * (1 + Math.Abs(scalar)), $"{type} n={n}: {simd} vs {scalar}");
        }
    }

    [Fact]
    public void ElementwiseKernelsStayInsideTheirSpans()
    {
        foreach (var n in new[] { 1, 7, 8, 9, 17, 255 })
        {
            using var a = new GuardedBuffer(n * 4);
            using var b = new GuardedBuffer(n * 4);
            using var half = new GuardedBuffer(n * 2);
            var x = new Span<float>(a.Pointer, n);
            var y = new Span<float>(b.Pointer, n);
            TestData.Gaussian(n, n).CopyTo(x);
            TestData.Gaussian(n, n + 1).CopyTo(y);
            TensorOps.RmsNorm(x, y, 1e-5f, y);
            TensorOps.SwiGlu(x, y, y);
            TensorOps.Add(x, y, y);
            TensorOps.MultiplyAdd(x, 0.5f, y);
            TensorOps.Softmax(y);
            Fp16Conversion.ToHalf(x, new Span<ushort>(half.Pointer, n));
            Fp16Conversion.ToSingle(new Span<ushort>(half.Pointer, n), x);
            Assert.True(TensorOps.Max(y) <= 1f);
        }
    }
}
