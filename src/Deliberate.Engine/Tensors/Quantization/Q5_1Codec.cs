using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q5_1 reference quantizer and dequantizer (ggml <c>quantize_row_q5_1_ref</c>).</summary>
internal static unsafe class Q5_1Codec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ5_1*)dst;
        for (var i = 0; i < n / 32; i++, x += 32)
        {
            float min = float.MaxValue, max = -float.MaxValue;
            for (var j = 0; j < 32; j++)
            {
                if (x[j] < min) min = x[j];
                if (x[j] > max) max = x[j];
            }
            var d = (max - min) / 31;
            var id = d != 0 ? 1f / d : 0f;
            y[i].D = Fp16.FromSingle(d);
            y[i].M = Fp16.FromSingle(min);
            uint qh = 0;
            for (var j = 0; j < 16; j++)
            {
                var x0 = (int)(byte)((x[j] - min) * id + 0.5f);
                var x1 = (int)(byte)((x[j + 16] - min) * id + 0.5f);
                y[i].Qs[j] = (byte)((x0 & 15) | ((x1 & 15) << 4));
                qh |= (uint)((x0 >> 4) & 1) << j;
                qh |= (uint)((x1 >> 4) & 1) << (j + 16);
            }
            *(uint*)y[i].Qh = qh;
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ5_1*)src;
        for (var i = 0; i < n / 32; i++, y += 32)
        {
            var d = Fp16.ToSingle(x[i].D);
            var m = Fp16.ToSingle(x[i].M);
            var qh = *(uint*)x[i].Qh;
            for (var j = 0; j < 16; j++)
            {
                var h0 = (int)((qh >> j) & 1) << 4;
                var h1 = (int)((qh >> (j + 16)) & 1) << 4;
                y[j] = ((x[i].Qs[j] & 15) | h0) * d + m;
                y[j + 16] = ((x[i].Qs[j] >> 4) | h1) * d + m;
            }
        }
    }
}
