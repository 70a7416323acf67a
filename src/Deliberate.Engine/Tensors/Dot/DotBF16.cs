using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>BF16 weights · F32 activations (bf16 → f32 is a 16-bit left shift, so it is exact and cheap).</summary>
internal static unsafe class DotBF16
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        float sum = 0;
        for (var i = 0; i < n; i++) sum += Fp16.BFloat16ToSingle(a[i]) * b[i];
        return sum;
    }

    public static float V256(byte* w, byte* x, int n) => FloatRowDot.V256<FloatRowDot.BFloat16Weights>(w, x, n);

    public static float V512(byte* w, byte* x, int n) => FloatRowDot.V512<FloatRowDot.BFloat16Weights>(w, x, n);
}
