namespace Deliberate.Engine.Models.TransformerBlocks;

/// <summary>SwiGLU in place: gate = silu(gate) * up.</summary>
internal static unsafe class FeedForward
{
    public static void SwiGlu(float* gate, float* up, long n)
    {
        for (long i = 0; i < n; i++)
        {
            float g = gate[i];
            gate[i] = g / (1f + MathF.Exp(-g)) * up[i];
        }
    }
}
