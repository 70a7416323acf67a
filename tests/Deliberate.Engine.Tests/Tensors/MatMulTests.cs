using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Compute;
using Deliberate.Engine.Tensors.Dot;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Tensors;

[Trait("Category", "Kernels")]
public unsafe class MatMulTests
{
    public static TheoryData<GgmlType, int, int, int> Shapes()
    {
        var data = new TheoryData<GgmlType, int, int, int>();
        foreach (var type in KernelTypes.All)
        {
            var cols = GgmlTypeInfo.Get(type).BlockSize == 256 ? 512 : 96;
            data.Add(type, 1, cols, 1);
            data.Add(type, 17, cols, 1);
            data.Add(type, 64, cols, 3);
            data.Add(type, 5, 256, 8);
            data.Add(type, 3, 512, 6);
        }
        return data;
    }

    /// <summary>
    /// Naive reference: dequantize W, round-trip each activation row through the dot format, then double dots.
    /// </summary>
    private static double[] Reference(GgmlType type, byte[] weights, float[] x, int rows, int cols, int n)
    {
        var w = new float[rows * cols];
        Dequantizer.Dequantize(type, weights, w);
        var activationType = RowDot.ActivationType(type);
        var rowBytes = new byte[GgmlTypeInfo.Get(activationType).RowBytes(cols)];
        var y = new double[n * rows];
        for (var i = 0; i < n; i++)
        {
            var xi = x.AsSpan(i * cols, cols);
            var xr = new float[cols];
            Quantizer.Quantize(activationType, xi, rowBytes);
            Dequantizer.Dequantize(activationType, rowBytes, xr);
            for (var r = 0; r < rows; r++)
            {
                double sum = 0;
                for (var c = 0; c < cols; c++) sum += (double)w[r * cols + c] * xr[c];
                y[i * rows + r] = sum;
            }
        }
        return y;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ProductsMatchNaiveReferenceForEveryThreadCount(GgmlType type, int rows, int cols, int n)
    {
        var weightsF32 = TestData.Gaussian(rows * cols, rows + cols);
        var weights = new byte[GgmlTypeInfo.Get(type).RowBytes(cols) * rows];
        var rowBytes = (int)GgmlTypeInfo.Get(type).RowBytes(cols);
        for (var r = 0; r < rows; r++)
            Quantizer.Quantize(type, weightsF32.AsSpan(r * cols, cols), weights.AsSpan(r * rowBytes, rowBytes));
        var x = TestData.Gaussian(n * cols, n);
        var expected = Reference(type, weights, x, rows, cols, n);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            using var pool = new ComputePool(threads);
            var y = new float[n * rows];
            fixed (byte* wp = weights)
            {
                var matrix = new QuantizedMatrix(wp, type, rows, cols);
                if (n == 1) MatMul.Multiply(pool, matrix, x, y);
                else MatMul.Multiply(pool, matrix, x, y, n);
            }
            for (var k = 0; k < y.Length; k++)
                Assert.True(Math.Abs(y[k] - expected[k]) <= 1e-4 * (1 + Math.Abs(expected[k])) + 1e-5 * cols + KernelTypes.StoredSumSlack(type, cols),
                    $"{type} {rows}x{cols} n={n} threads={threads} [{k}]: {y[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void ShortBuffersAreRejected()
    {
        using var pool = new ComputePool(1);
        var weights = new byte[34 * 4];
        fixed (byte* wp = weights)
        {
            var matrix = new QuantizedMatrix(wp, GgmlType.Q8_0, 4, 32);
            Assert.Throws<ArgumentException>(() => MatMul.Multiply(pool, matrix, new float[31], new float[4]));
            Assert.Throws<ArgumentException>(() => MatMul.Multiply(pool, matrix, new float[32], new float[3]));
            Assert.Throws<ArgumentException>(() => MatMul.Multiply(pool, matrix, new float[64], new float[8], 3));
        }
        Assert.Throws<ArgumentException>(() => new QuantizedMatrix(null, GgmlType.Q4_K, 1, 100));
    }
}
