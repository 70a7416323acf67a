namespace Deliberate.Engine.Tests.Tensors;

/// <summary>Inputs and metrics shared by the kernel tests.</summary>
internal static class TestData
{
    /// <summary>llama.cpp test-quantize-fns.cpp <c>generate_data</c>: 0.1 + 2·cos(i + offset).</summary>
    public static float[] Cosine(int n, float offset)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = 0.1f + 2 * MathF.Cos(i + offset);
        return x;
    }

    /// <summary>Seeded normally distributed values (Box–Muller), like real weights and activations.</summary>
    public static float[] Gaussian(int n, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            x[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return x;
    }

    /// <summary>llama.cpp's <c>array_rmse</c>: sqrt(Σ diff²) / n (not a true RMSE; kept so its budgets apply).</summary>
    public static float GgmlRmse(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double diff = a[i] - b[i];
            sum += diff * diff;
        }
        return (float)(Math.Sqrt(sum) / a.Length);
    }

    public static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }
}
