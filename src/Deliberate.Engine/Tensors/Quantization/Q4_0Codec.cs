using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q4_0 reference quantizer and dequantizer (ggml <c>quantize_row_q4_0_ref</c>).</summary>
internal static unsafe class Q4_0Codec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ4_0*)dst;
        for (var i = 0; i < n / 32; i++, x += 32)
        {
            // d maps the signed extreme to -8 so both signs use the full range.
            float amax = 0, max = 0;
            for (var j = 0; j < 32; j++)
            {
                if (amax < MathF.Abs(x[j])) { amax = MathF.Abs(x[j]); max = x[j]; }
            }
            var d = max / -8;
            var id = d != 0 ? 1f / d : 0f;
            y[i].D = Fp16.FromSingle(d);
            for (var j = 0; j < 16; j++)
            {
                var x0 = Math.Min(15, (int)(sbyte)(x[j] * id + 8.5f));
                var x1 = Math.Min(15, (int)(sbyte)(x[j + 16] * id + 8.5f));
                y[i].Qs[j] = (byte)(x0 | (x1 << 4));
            }
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ4_0*)src;
        for (var i = 0; i < n / 32; i++, y += 32)
        {
            var d = Fp16.ToSingle(x[i].D);
            for (var j = 0; j < 16; j++)
            {
                y[j] = ((x[i].Qs[j] & 15) - 8) * d;
                y[j + 16] = ((x[i].Qs[j] >> 4) - 8) * d;
            }
        }
    }
}
