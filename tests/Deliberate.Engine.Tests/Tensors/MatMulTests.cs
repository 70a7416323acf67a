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
            data.Add(type, 37, cols, 37); // several 16 x 16 blocks each way, with ragged ends and single-dot tails
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

    /// <summary>
    /// q/k/v-style shared products: matrices of different types (so different activation formats: Q8_K, Q8_0, f32)
    /// and row counts, in one dispatch, give exactly what one product per matrix gives.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void SharedProductsEqualSeparateProducts(int n)
    {
        const int cols = 512;
        GgmlType[] types = [GgmlType.Q4_K, GgmlType.Q8_0, GgmlType.F32];
        int[] rowCounts = [96, 17, 40];
        var weights = types.Select((t, i) => Quantize(t, rowCounts[i], cols, seed: i + 1)).ToArray();
        var x = TestData.Gaussian(n * cols, 42);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            using var pool = new ComputePool(threads);
            var shared = rowCounts.Select(r => new float[n * r]).ToArray();
            var separate = rowCounts.Select(r => new float[n * r]).ToArray();
            fixed (byte* w0 = weights[0], w1 = weights[1], w2 = weights[2])
            fixed (float* y0 = shared[0], y1 = shared[1], y2 = shared[2])
            {
                var m = new[] { new QuantizedMatrix(w0, types[0], rowCounts[0], cols), new QuantizedMatrix(w1, types[1], rowCounts[1], cols),
                    new QuantizedMatrix(w2, types[2], rowCounts[2], cols) };
                MatMul.MultiplyShared(pool, x, n, [new(m[0], y0), new(m[1], y1), new(m[2], y2)]);
                for (var i = 0; i < 3; i++)
                    MatMul.Multiply(pool, m[i], x, separate[i], n);
            }
            for (var i = 0; i < 3; i++)
                Assert.Equal(separate[i], shared[i]);
        }
    }

    [Fact]
    public void SharedProductsRejectMismatchedInputs()
    {
        using var pool = new ComputePool(1);
        var a = Quantize(GgmlType.Q8_0, 4, 64, 1);
        var b = Quantize(GgmlType.Q8_0, 4, 32, 2);
        var y = new float[8];
        fixed (byte* ap = a, bp = b)
        fixed (float* yp = y)
        {
            var wide = new QuantizedMatrix(ap, GgmlType.Q8_0, 4, 64);
            var narrow = new QuantizedMatrix(bp, GgmlType.Q8_0, 4, 32);
            var output = (nint)yp; // fixed locals cannot be captured by the lambdas below
            Assert.Throws<ArgumentException>(() => MatMul.MultiplyShared(pool, new float[64], 1, [new(wide, (float*)output), new(narrow, (float*)output + 4)]));
            Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.MultiplyShared(pool, new float[64], 1, []));
            Assert.Throws<ArgumentOutOfRangeException>(() =>
                MatMul.MultiplyShared(pool, new float[64], 1, [new(wide, (float*)output), new(wide, (float*)output), new(wide, (float*)output), new(wide, (float*)output)]));
            Assert.Throws<ArgumentNullException>(() => MatMul.MultiplyShared(pool, new float[64], 1, [new(wide, null)]));
            Assert.Throws<ArgumentException>(() => MatMul.MultiplyShared(pool, new float[63], 1, [new(wide, (float*)output)]));
        }
    }

    private static byte[] Quantize(GgmlType type, int rows, int cols, int seed)
    {
        var f = TestData.Gaussian(rows * cols, seed);
        var rowBytes = (int)GgmlTypeInfo.Get(type).RowBytes(cols);
        var bytes = new byte[rowBytes * rows];
        for (var r = 0; r < rows; r++)
            Quantizer.Quantize(type, f.AsSpan(r * cols, cols), bytes.AsSpan(r * rowBytes, rowBytes));
        return bytes;
    }
}
