using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>
/// Q8_0 quantizer (weights and activations) and dequantizer. Rounding is to nearest, ties to even, with
/// <c>1/d</c> as the multiplier: ggml's scalar path uses roundf (ties away) and its AVX2 path ties-to-even
/// with 127/amax; we pick one rule so every ISA produces identical bytes (ties are measure-zero on real data).
/// </summary>
internal static unsafe class Q8_0Codec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ8_0*)dst;
        for (var i = 0; i < n / 32; i++, x += 32)
        {
            float amax = 0;
            for (var j = 0; j < 32; j++) amax = MathF.Max(amax, MathF.Abs(x[j]));
            var d = amax / 127;
            var id = d != 0 ? 1f / d : 0f;
            y[i].D = Fp16.FromSingle(d);
            for (var j = 0; j < 32; j++)
                y[i].Qs[j] = (sbyte)MathF.Round(x[j] * id);
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ8_0*)src;
        for (var i = 0; i < n / 32; i++, y += 32)
        {
            var d = Fp16.ToSingle(x[i].D);
            for (var j = 0; j < 32; j++) y[j] = x[i].Qs[j] * d;
        }
    }
}
