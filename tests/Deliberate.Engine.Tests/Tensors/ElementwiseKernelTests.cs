using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>Vector kernels vs their scalar twins vs double-precision formulas, over lengths 0..256 and odd sizes.</summary>
[Trait("Category", "Kernels")]
public class ElementwiseKernelTests
{
    private static IEnumerable<int> Lengths() => Enumerable.Range(0, 257).Concat([517, 1023]);

    private static void Close(double expected, float actual, double relative, string what)
    {
        Assert.True(Math.Abs(expected - actual) <= relative * (1 + Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");
    }

    [Fact]
    public void RmsNorm()
    {
        foreach (var n in Lengths())
        {
            var x = TestData.Gaussian(n, n);
            var w = TestData.Gaussian(n, n + 1);
            var simd = new float[n];
            var scalar = new float[n];
            TensorOps.RmsNorm(x, w, 1e-6f, simd);
            TensorOps.RmsNormScalar(x, w, 1e-6f, scalar);
            var ms = x.Sum(v => (double)v * v) / Math.Max(1, n);
            for (var i = 0; i < n; i++)
            {
                var expected = x[i] / Math.Sqrt(ms + 1e-6) * w[i];
                Close(expected, simd[i], 1e-5, $"n={n} simd[{i}]");
                Close(expected, scalar[i], 1e-5, $"n={n} scalar[{i}]");
            }
        }
    }

    [Fact]
    public void SwiGlu()
    {
        foreach (var n in Lengths())
        {
            var g = TestData.Gaussian(n, n, 4);
            var u = TestData.Gaussian(n, n + 1);
            var simd = new float[n];
            var scalar = new float[n];
            TensorOps.SwiGlu(g, u, simd);
            TensorOps.SwiGluScalar(g, u, scalar);
            for (var i = 0; i < n; i++)
            {
                var expected = g[i] / (1 + Math.Exp(-g[i])) * u[i];
                Close(expected, simd[i], 1e-5, $"n={n} simd[{i}]");
                Close(expected, scalar[i], 1e-5, $"n={n} scalar[{i}]");
            }
        }
    }

    [Fact]
    public void Softmax()
    {
        foreach (var n in Lengths())
        {
            // Large logits: without max subtraction exp overflows to infinity.
            var x = TestData.Gaussian(n, n, 30).Select(v => v + 500f).ToArray();
            var simd = (float[])x.Clone();
            var scalar = (float[])x.Clone();
            TensorOps.Softmax(simd);
            TensorOps.SoftmaxScalar(scalar);
            if (n == 0) continue;
            var max = x.Max();
            var sum = x.Sum(v => Math.Exp(v - max));
            for (var i = 0; i < n; i++)
            {
                var expected = Math.Exp(x[i] - max) / sum;
                Assert.True(Math.Abs(expected - simd[i]) <= 1e-6 + 1e-5 * expected, $"n={n} simd[{i}]");
                Assert.True(Math.Abs(expected - scalar[i]) <= 1e-6 + 1e-5 * expected, $"n={n} scalar[{i}]");
            }
        }
    }

    [Fact]
    public void SoftmaxSendsNegativeInfinityToZero()
    {
        float[] x = [1, float.NegativeInfinity, 2, float.NegativeInfinity, 0, 0, 0, 0, 3];
        TensorOps.Softmax(x);
        Assert.Equal(0f, x[1]);
        Assert.Equal(0f, x[3]);
        Assert.Equal(1.0, x.Sum(v => (double)v), 5);
    }

    [Fact]
    public void AddScaleAndMultiplyAdd()
    {
        foreach (var n in Lengths())
        {
            var a = TestData.Gaussian(n, n);
            var b = TestData.Gaussian(n, n + 1);
            var sum = new float[n];
            var sumScalar = new float[n];
            TensorOps.Add(a, b, sum);
            TensorOps.AddScalar(a, b, sumScalar);
            var scaled = (float[])a.Clone();
            var scaledScalar = (float[])a.Clone();
            TensorOps.Scale(scaled, 0.37f);
            TensorOps.ScaleScalar(scaledScalar, 0.37f);
            var acc = (float[])b.Clone();
            var accScalar = (float[])b.Clone();
            TensorOps.MultiplyAdd(a, -1.5f, acc);
            TensorOps.MultiplyAddScalar(a, -1.5f, accScalar);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(a[i] + b[i], sum[i]);
                Assert.Equal(a[i] + b[i], sumScalar[i]);
                Assert.Equal(a[i] * 0.37f, scaled[i]);
                Assert.Equal(a[i] * 0.37f, scaledScalar[i]);
                Assert.Equal(MathF.FusedMultiplyAdd(a[i], -1.5f, b[i]), acc[i]);
                Assert.Equal(MathF.FusedMultiplyAdd(a[i], -1.5f, b[i]), accScalar[i]);
            }
        }
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => TensorOps.Add(new float[3], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => TensorOps.SwiGlu(new float[4], new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => TensorOps.RmsNorm(new float[4], new float[5], 1e-5f, new float[4]));
    }
}
