using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

[Trait("Category", "Kernels")]
public unsafe class ActivationQuantizerTests
{
    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q8_1)]
    [InlineData(GgmlType.Q8_K)]
    public void SimdProducesTheScalarBytes(GgmlType type)
    {
        var blockSize = GgmlTypeInfo.Get(type).BlockSize;
        foreach (var blocks in new[] { 1, 2, 3, 16 })
        {
            var n = blocks * blockSize;
            foreach (var x in new[] { TestData.Gaussian(n, blocks), new float[n], TestData.Cosine(n, 0.5f) })
            {
                // A tie for the largest magnitude with opposite signs: the first one decides the sign of d.
                if (x.Length > 9 && x[0] != 0) { x[9] = 50; x[5] = -50; }
                var simd = new byte[GgmlTypeInfo.Get(type).RowBytes(n)];
                var scalar = new byte[simd.Length];
                fixed (float* xp = x)
                fixed (byte* a = simd)
                fixed (byte* b = scalar)
                {
                    ActivationQuantizer.Quantize(type, xp, a, n);
                    ActivationQuantizer.Quantize(type, xp, b, n, allowSimd: false);
                }
                Assert.Equal(scalar, simd);
            }
        }
    }
}
