namespace Deliberate.Engine.Models.TransformerBlocks;

/// <summary>RMSNorm in f32: x / sqrt(mean(x^2) + eps) * w (ENGINE.md 4.2). Sum in double-free f32 order like ggml.</summary>
internal static unsafe class Norms
{
    public static void RmsNorm(float* x, float[] weight, float eps, float* dst, int n)
    {
        float sum = 0;
        for (int i = 0; i < n; i++)
            sum += x[i] * x[i];
        float scale = 1f / MathF.Sqrt(sum / n + eps);
        for (int i = 0; i < n; i++)
            dst[i] = x[i] * scale * weight[i];
    }
}
