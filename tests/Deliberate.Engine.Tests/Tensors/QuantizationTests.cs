using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

[Trait("Category", "Kernels")]
public class QuantizationTests
{
    private static float[] RoundTrip(GgmlType type, float[] x)
    {
        var q = new byte[GgmlTypeInfo.Get(type).RowBytes(x.Length)];
        Quantizer.Quantize(type, x, q);
        var y = new float[x.Length];
        Dequantizer.Dequantize(type, q, y);
        return y;
    }

    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void RoundTripErrorIsWithinLlamaCppBudget(GgmlType type)
    {
        var x = TestData.Cosine(32 * 128, 0);
        var error = TestData.GgmlRmse(x, RoundTrip(type, x));
        Assert.True(error < KernelTypes.QuantizationBudget(type), $"{type}: {error}");
    }

    [Theory]
    [MemberData(nameof(KernelTypes.QuantizedData), MemberType = typeof(KernelTypes))]
    public void QuantizerMatchesGgmlReferenceQuantizer(GgmlType type)
    {
        foreach (var x in new[] { TestData.Cosine(4096, 0), TestData.Gaussian(4096, seed: 7, scale: 0.05f) })
        {
            var ours = new byte[GgmlTypeInfo.Get(type).RowBytes(x.Length)];
            Quantizer.Quantize(type, x, ours);
            var theirs = GgmlReference.Quantize(type, x);
            var error = TestData.GgmlRmse(GgmlReference.Dequantize(type, ours, x.Length), GgmlReference.Dequantize(type, theirs, x.Length));
            Assert.True(error < KernelTypes.MaxQuantizationReferenceError, $"{type}: {error}");
            var same = ours.Zip(theirs).Count(p => p.First == p.Second);
            Assert.True(same >= 0.99 * ours.Length, $"{type}: only {same} of {ours.Length} bytes equal ggml's");
        }
    }

    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void DequantizerMatchesGgml(GgmlType type)
    {
        var x = TestData.Gaussian(2048, seed: 11);
        var bytes = GgmlReference.Quantize(type, x);
        var theirs = GgmlReference.Dequantize(type, bytes, x.Length);
        var ours = new float[x.Length];
        Dequantizer.Dequantize(type, bytes, ours);
        for (var i = 0; i < x.Length; i++)
            Assert.True(MathF.Abs(ours[i] - theirs[i]) <= 1e-6f * (1 + MathF.Abs(theirs[i])), $"{type}[{i}]: {ours[i]} vs {theirs[i]}");
    }

    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q8_1)]
    [InlineData(GgmlType.Q8_K)]
    public void ActivationQuantizerMatchesGgmlCpuBackend(GgmlType type)
    {
        var x = TestData.Gaussian(4096, seed: 3);
        var ours = new byte[GgmlTypeInfo.Get(type).RowBytes(x.Length)];
        Quantizer.Quantize(type, x, ours);
        var theirs = GgmlReference.QuantizeActivations(type, x);
        var same = ours.Zip(theirs).Count(p => p.First == p.Second);
        Assert.True(same >= 0.99 * ours.Length, $"{type}: only {same} of {ours.Length} bytes equal ggml's");
        // ggml has no to_float for its activation-only types, so both sides go through our (trivial) dequantizer.
        var oursF32 = new float[x.Length];
        var theirsF32 = new float[x.Length];
        Dequantizer.Dequantize(type, ours, oursF32);
        Dequantizer.Dequantize(type, theirs, theirsF32);
        var error = TestData.GgmlRmse(oursF32, theirsF32);
        Assert.True(error < KernelTypes.MaxQuantizationReferenceError, $"{type}: {error}");
    }

    [Theory]
    [MemberData(nameof(KernelTypes.AllData), MemberType = typeof(KernelTypes))]
    public void ZerosStayZeros(GgmlType type)
    {
        var y = RoundTrip(type, new float[512]);
        Assert.All(y, v => Assert.Equal(0f, v));
    }

    [Theory]
    [MemberData(nameof(KernelTypes.QuantizedData), MemberType = typeof(KernelTypes))]
    public void PartialBlocksAreRejected(GgmlType type)
    {
        var n = GgmlTypeInfo.Get(type).BlockSize + 1;
        Assert.Throws<ArgumentException>(() => Quantizer.Quantize(type, new float[n], new byte[4096]));
        Assert.Throws<ArgumentException>(() => Dequantizer.Dequantize(type, new byte[4096], new float[n]));
    }

    [Fact]
    public void ShortDestinationIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Quantizer.Quantize(GgmlType.Q4_0, new float[64], new byte[35]));
        Assert.Throws<ArgumentException>(() => Dequantizer.Dequantize(GgmlType.Q4_K, new byte[143], new float[256]));
    }
}
