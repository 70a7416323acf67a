using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q4_1 reference quantizer and dequantizer (ggml <c>quantize_row_q4_1_ref</c>).</summary>
internal static unsafe class Q4_1Codec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ4_1*)dst;
        for (var i = 0; i < n / 32; i++, x += 32)
        {
            float min = float.MaxValue, max = -float.MaxValue;
            for (var j = 0; j < 32; j++)
            {
                if (x[j] < min) min = x[j];
                if (x[j] > max) max = x[j];
            }
            var d = (max - min) / 15;
            var id = d != 0 ? 1f / d : 0f;
            y[i].D = Fp16.FromSingle(d);
            y[i].M = Fp16.FromSingle(min);
            for (var j = 0; j < 16; j++)
            {
                var x0 = Math.Min(15, (int)(sbyte)((x[j] - min) * id + 0.5f));
                var x1 = Math.Min(15, (int)(sbyte)((x[j + 16] - min) * id + 0.5f));
                y[i].Qs[j] = (byte)(x0 | (x1 << 4));
            }
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ4_1*)src;
        for (var i = 0; i < n / 32; i++, y += 32)
        {
            var d = Fp16.ToSingle(x[i].D);
            var m = Fp16.ToSingle(x[i].M);
            for (var j = 0; j < 16; j++)
            {
                y[j] = (x[i].Qs[j] & 15) * d + m;
                y[j + 16] = (x[i].Qs[j] >> 4) * d + m;
            }
        }
    }
}
