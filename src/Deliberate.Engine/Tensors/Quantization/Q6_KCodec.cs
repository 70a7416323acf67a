using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q6_K reference quantizer and dequantizer (ggml <c>quantize_row_q6_K_ref</c>).</summary>
internal static unsafe class Q6_KCodec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ6_K*)dst;
        var l = stackalloc sbyte[256];
        var scales = stackalloc float[16];
        for (var i = 0; i < n / 256; i++, x += 256)
        {
            float maxScale = 0, maxAbsScale = 0;
            for (var j = 0; j < 16; j++)
            {
                scales[j] = QuantSearch.MakeQxQuants(16, 32, x + 16 * j, l + 16 * j, 1);
                if (MathF.Abs(scales[j]) > maxAbsScale) { maxAbsScale = MathF.Abs(scales[j]); maxScale = scales[j]; }
            }
            if (maxAbsScale < QuantSearch.GroupMaxEps)
            {
                new Span<byte>(y + i, BlockQ6_K.Size).Clear();
                continue;
            }
            var iscale = -128f / maxScale;
            y[i].D = Fp16.FromSingle(1 / iscale);
            for (var j = 0; j < 16; j++) y[i].Scales[j] = (sbyte)Math.Min(127, QuantSearch.NearestInt(iscale * scales[j]));
            for (var j = 0; j < 16; j++)
            {
                var d = Fp16.ToSingle(y[i].D) * y[i].Scales[j];
                if (d == 0) continue;
                for (var k = 0; k < 16; k++)
                    l[16 * j + k] = (sbyte)(Math.Clamp(QuantSearch.NearestInt(x[16 * j + k] / d), -32, 31) + 32);
            }
            var ql = y[i].Ql;
            var qh = y[i].Qh;
            for (var j = 0; j < 256; j += 128, ql += 64, qh += 32)
            {
                for (var k = 0; k < 32; k++)
                {
                    int q1 = l[j + k] & 0xF, q2 = l[j + k + 32] & 0xF, q3 = l[j + k + 64] & 0xF, q4 = l[j + k + 96] & 0xF;
                    ql[k] = (byte)(q1 | (q3 << 4));
                    ql[k + 32] = (byte)(q2 | (q4 << 4));
                    qh[k] = (byte)((l[j + k] >> 4) | ((l[j + k + 32] >> 4) << 2) | ((l[j + k + 64] >> 4) << 4) | ((l[j + k + 96] >> 4) << 6));
                }
            }
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ6_K*)src;
        for (var i = 0; i < n / 256; i++, y += 256)
        {
            var d = Fp16.ToSingle(x[i].D);
            for (var half = 0; half < 2; half++)
            {
                var ql = x[i].Ql + 64 * half;
                var qh = x[i].Qh + 32 * half;
                var sc = x[i].Scales + 8 * half;
                var o = y + 128 * half;
                for (var k = 0; k < 32; k++)
                {
                    var s = k / 16;
                    o[k] = d * sc[s] * (((ql[k] & 0xF) | ((qh[k] & 3) << 4)) - 32);
                    o[k + 32] = d * sc[s + 2] * (((ql[k + 32] & 0xF) | (((qh[k] >> 2) & 3) << 4)) - 32);
                    o[k + 64] = d * sc[s + 4] * (((ql[k] >> 4) | (((qh[k] >> 4) & 3) << 4)) - 32);
                    o[k + 96] = d * sc[s + 6] * (((ql[k + 32] >> 4) | (((qh[k] >> 6) & 3) << 4)) - 32);
                }
            }
        }
    }
}
