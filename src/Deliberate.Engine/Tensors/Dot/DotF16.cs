using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// F16 weights · F32 activations. ggml converts the activations to f16 first; keeping them f32 costs no
/// weight bandwidth and removes one rounding, so this path is slightly more accurate than llama.cpp's.
/// </summary>
internal static unsafe class DotF16
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        float sum = 0;
        for (var i = 0; i < n; i++) sum += Fp16.ToSingle(a[i]) * b[i];
        return sum;
    }

    public static float V256(byte* w, byte* x, int n) => FloatRowDot.V256<FloatRowDot.HalfWeights>(w, x, n);

    public static float V512(byte* w, byte* x, int n) => FloatRowDot.V512<FloatRowDot.HalfWeights>(w, x, n);
}
