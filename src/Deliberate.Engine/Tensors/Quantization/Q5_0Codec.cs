using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q5_0 reference quantizer and dequantizer (ggml <c>quantize_row_q5_0_ref</c>).</summary>
internal static unsafe class Q5_0Codec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ5_0*)dst;
        for (var i = 0; i < n / 32; i++, x += 32)
        {
            float amax = 0, max = 0;
            for (var j = 0; j < 32; j++)
            {
                if (amax < MathF.Abs(x[j])) { amax = MathF.Abs(x[j]); max = x[j]; }
            }
            var d = max / -16;
            var id = d != 0 ? 1f / d : 0f;
            y[i].D = Fp16.FromSingle(d);
            uint qh = 0;
            for (var j = 0; j < 16; j++)
            {
                var x0 = Math.Min(31, (int)(sbyte)(x[j] * id + 16.5f));
                var x1 = Math.Min(31, (int)(sbyte)(x[j + 16] * id + 16.5f));
                y[i].Qs[j] = (byte)((x0 & 15) | ((x1 & 15) << 4));
                qh |= (uint)((x0 >> 4) & 1) << j;
                qh |= (uint)((x1 >> 4) & 1) << (j + 16);
            }
            *(uint*)y[i].Qh = qh;
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ5_0*)src;
        for (var i = 0; i < n / 32; i++, y += 32)
        {
            var d = Fp16.ToSingle(x[i].D);
            var qh = *(uint*)x[i].Qh;
            for (var j = 0; j < 16; j++)
            {
                var h0 = (int)((qh >> j) & 1) << 4;
                var h1 = (int)((qh >> (j + 16)) & 1) << 4;
                y[j] = (((x[i].Qs[j] & 15) | h0) - 16) * d;
                y[j + 16] = (((x[i].Qs[j] >> 4) | h1) - 16) * d;
            }
        }
    }
}
