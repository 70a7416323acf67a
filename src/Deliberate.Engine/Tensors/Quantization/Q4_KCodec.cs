using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q4_K reference quantizer and dequantizer (ggml <c>quantize_row_q4_K_ref</c>).</summary>
internal static unsafe class Q4_KCodec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ4_K*)dst;
        var l = stackalloc byte[256];
        for (var i = 0; i < n / 256; i++, x += 256)
        {
            KQuantScales.Search(x, l, 15, -1f, 0.1f, 20, y[i].Scales, out y[i].D, out y[i].DMin);
            KQuantScales.Requantize(x, l, 15, y[i].Scales, y[i].D, y[i].DMin);
            var q = y[i].Qs;
            for (var j = 0; j < 256; j += 64, q += 32)
            {
                for (var k = 0; k < 32; k++) q[k] = (byte)(l[j + k] | (l[j + k + 32] << 4));
            }
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ4_K*)src;
        for (var i = 0; i < n / 256; i++)
        {
            var d = Fp16.ToSingle(x[i].D);
            var min = Fp16.ToSingle(x[i].DMin);
            var q = x[i].Qs;
            for (var c = 0; c < 4; c++, q += 32)
            {
                QuantSearch.ScaleMinK4(2 * c, x[i].Scales, out var sc, out var m);
                float d1 = d * sc, m1 = min * m;
                QuantSearch.ScaleMinK4(2 * c + 1, x[i].Scales, out sc, out m);
                float d2 = d * sc, m2 = min * m;
                for (var k = 0; k < 32; k++) *y++ = d1 * (q[k] & 0xF) - m1;
                for (var k = 0; k < 32; k++) *y++ = d2 * (q[k] >> 4) - m2;
            }
        }
    }
}
