using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q5_K reference quantizer and dequantizer (ggml <c>quantize_row_q5_K_ref</c>).</summary>
internal static unsafe class Q5_KCodec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ5_K*)dst;
        var l = stackalloc byte[256];
        for (var i = 0; i < n / 256; i++, x += 256)
        {
            KQuantScales.Search(x, l, 31, -0.5f, 0.1f, 15, y[i].Scales, out y[i].D, out y[i].DMin);
            KQuantScales.Requantize(x, l, 31, y[i].Scales, y[i].D, y[i].DMin);
            var qh = y[i].Qh;
            var ql = y[i].Qs;
            for (var j = 0; j < 32; j++) qh[j] = 0;
            int m1 = 1, m2 = 2;
            for (var c = 0; c < 256; c += 64, ql += 32, m1 <<= 2, m2 <<= 2)
            {
                for (var j = 0; j < 32; j++)
                {
                    int l1 = l[c + j], l2 = l[c + j + 32];
                    if (l1 > 15) { l1 -= 16; qh[j] |= (byte)m1; }
                    if (l2 > 15) { l2 -= 16; qh[j] |= (byte)m2; }
                    ql[j] = (byte)(l1 | (l2 << 4));
                }
            }
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ5_K*)src;
        for (var i = 0; i < n / 256; i++)
        {
            var d = Fp16.ToSingle(x[i].D);
            var min = Fp16.ToSingle(x[i].DMin);
            var ql = x[i].Qs;
            var qh = x[i].Qh;
            for (var c = 0; c < 4; c++, ql += 32)
            {
                QuantSearch.ScaleMinK4(2 * c, x[i].Scales, out var sc, out var m);
                float d1 = d * sc, m1 = min * m;
                QuantSearch.ScaleMinK4(2 * c + 1, x[i].Scales, out sc, out m);
                float d2 = d * sc, m2 = min * m;
                for (var k = 0; k < 32; k++) *y++ = d1 * ((ql[k] & 0xF) + (((qh[k] >> (2 * c)) & 1) << 4)) - m1;
                for (var k = 0; k < 32; k++) *y++ = d2 * ((ql[k] >> 4) + (((qh[k] >> (2 * c + 1)) & 1) << 4)) - m2;
            }
        }
    }
}
