using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

public class TensorConverterTests
{
    [Theory]
    [InlineData(GgmlType.F32, GgmlType.Q4_K)]
    [InlineData(GgmlType.F16, GgmlType.Q8_0)]
    [InlineData(GgmlType.BF16, GgmlType.Q6_K)]
    [InlineData(GgmlType.F32, GgmlType.F32)]
    public void ConvertsEveryRowLikeTheRowQuantizer(GgmlType from, GgmlType to)
    {
        const int Rows = 130, Cols = 256;
        var values = TestData.Gaussian(Rows * Cols, 21);
        var source = new byte[GgmlTypeInfo.Get(from).RowBytes(Cols) * Rows];
        Quantizer.Quantize(from, values, source);
        var converted = new byte[GgmlTypeInfo.Get(to).RowBytes(Cols) * Rows];
        TensorConverter.Convert(from, source, to, converted, Cols);

        var rowIn = new float[Cols];
        var expected = new byte[GgmlTypeInfo.Get(to).RowBytes(Cols)];
        var fromRow = (int)GgmlTypeInfo.Get(from).RowBytes(Cols);
        for (var r = 0; r < Rows; r++)
        {
            Dequantizer.Dequantize(from, source.AsSpan(r * fromRow, fromRow), rowIn);
            Quantizer.Quantize(to, rowIn, expected);
            Assert.Equal(expected, converted.AsSpan(r * expected.Length, expected.Length).ToArray());
        }
    }

    [Fact]
    public void PartialRowsAreRejected() =>
        Assert.Throws<ArgumentException>(() => TensorConverter.Convert(GgmlType.F32, new byte[1000], GgmlType.Q8_0, new byte[4096], 32));
}
