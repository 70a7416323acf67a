using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tests.Tensors;

[Trait("Category", "Kernels")]
public class Fp16ConversionTests
{
    [Fact]
    public void EveryHalfBitPatternConvertsExactly()
    {
        var bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        var simd = new float[bits.Length];
        var scalar = new float[bits.Length];
        Fp16Conversion.ToSingle(bits, simd);
        Fp16Conversion.ToSingleScalar(bits, scalar);
        for (var i = 0; i < bits.Length; i++)
        {
            var expected = (float)BitConverter.UInt16BitsToHalf(bits[i]);
            if (float.IsNaN(expected))
            {
                Assert.True(float.IsNaN(simd[i]) && float.IsNaN(scalar[i]), $"0x{i:x4}");
                continue;
            }
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(simd[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(scalar[i]));
        }
    }

    [Fact]
    public unsafe void WideConversionIsExactForEveryHalfBitPattern()
    {
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            return; // the 256-bit form is covered above; this machine cannot run the 512-bit one
        var bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        var wide = new float[16];
        fixed (ushort* b = bits)
        fixed (float* w = wide)
        {
            for (var i = 0; i < bits.Length; i += 16)
            {
                System.Runtime.Intrinsics.Vector512.Store(Fp16Conversion.Widen16(b + i), w);
                for (var k = 0; k < 16; k++)
                {
                    var expected = (float)BitConverter.UInt16BitsToHalf(bits[i + k]);
                    if (float.IsNaN(expected))
                        Assert.True(float.IsNaN(wide[k]), $"0x{i + k:x4}");
                    else
                        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(wide[k]));
                }
            }
        }
    }

    [Fact]
    public void BFloat16RowsRoundAsTheScalarRule()
    {
        // ties, NaNs, infinities, the largest finite values (which round to infinity) and ordinary values, at odd lengths
        var special = new[] { 1.00390625f, 1.01171875f, -2.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity,
            float.MaxValue, -float.MaxValue, 0f, -0f, float.Epsilon, 1e-40f, BitConverter.Int32BitsToSingle(0x7f800001) };
        foreach (var n in new[] { 0, 1, 7, 8, 9, 13, 17, 517 })
        {
            var x = TestData.Gaussian(n, n + 3);
            for (var i = 0; i < n; i++)
                if (i % 3 == 0) x[i] = special[i / 3 % special.Length];
            var simd = new ushort[n];
            var scalar = new ushort[n];
            Fp16Conversion.ToBFloat16(x, simd);
            Fp16Conversion.ToBFloat16Scalar(x, scalar);
            Assert.Equal(scalar, simd);
            var back = new float[n];
            Fp16Conversion.BFloat16ToSingle(simd, back);
            for (var i = 0; i < n; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(Fp16.BFloat16ToSingle(scalar[i])), BitConverter.SingleToInt32Bits(back[i]));
        }
    }

    [Fact]
    public void OddLengthsConvertTheTail()
    {
        foreach (var n in new[] { 0, 1, 7, 8, 9, 15, 17, 517 })
        {
            var x = TestData.Gaussian(n, n);
            var half = new ushort[n];
            Fp16Conversion.ToHalf(x, half);
            var back = new float[n];
            Fp16Conversion.ToSingle(half, back);
            for (var i = 0; i < n; i++) Assert.Equal((float)(Half)x[i], back[i]);
        }
    }

    [Theory]
    [InlineData(1.0f, 0x3F80)]
    [InlineData(1.00390625f, 0x3F80)] // halfway between 0x3F80 and 0x3F81: ties to even
    [InlineData(1.01171875f, 0x3F82)] // halfway between 0x3F81 and 0x3F82: ties to even
    [InlineData(-2.5f, 0xC020)]
    public void BFloat16RoundsToNearestEven(float value, int expected)
    {
        Assert.Equal((ushort)expected, Fp16.SingleToBFloat16(value));
        Assert.True(float.IsNaN(Fp16.BFloat16ToSingle(Fp16.SingleToBFloat16(float.NaN))));
    }
}
