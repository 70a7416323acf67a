using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q2_K reference quantizer and dequantizer (ggml <c>quantize_row_q2_K_ref</c>).</summary>
internal static unsafe class Q2_KCodec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ2_K*)dst;
        var l = stackalloc byte[256];
        var laux = stackalloc byte[16];
        var weights = stackalloc float[16];
        var mins = stackalloc float[16];
        var scales = stackalloc float[16];
        const float Q4Scale = 15f;
        for (var i = 0; i < n / 256; i++, x += 256)
        {
            float maxScale = 0, maxMin = 0;
            for (var j = 0; j < 16; j++)
            {
                for (var k = 0; k < 16; k++) weights[k] = MathF.Abs(x[16 * j + k]);
                scales[j] = QuantSearch.MakeQkx2Quants(16, 3, x + 16 * j, weights, l + 16 * j, out mins[j], laux, -0.5f, 0.1f, 15, true);
                maxScale = MathF.Max(maxScale, scales[j]);
                maxMin = MathF.Max(maxMin, mins[j]);
            }
            if (maxScale > 0)
            {
                var iscale = Q4Scale / maxScale;
                for (var j = 0; j < 16; j++) y[i].Scales[j] = (byte)QuantSearch.NearestInt(iscale * scales[j]);
                y[i].D = Fp16.FromSingle(maxScale / Q4Scale);
            }
            else
            {
                for (var j = 0; j < 16; j++) y[i].Scales[j] = 0;
                y[i].D = 0;
            }
            if (maxMin > 0)
            {
                var iscale = Q4Scale / maxMin;
                for (var j = 0; j < 16; j++) y[i].Scales[j] |= (byte)(QuantSearch.NearestInt(iscale * mins[j]) << 4);
                y[i].DMin = Fp16.FromSingle(maxMin / Q4Scale);
            }
            else
            {
                y[i].DMin = 0;
            }
            // Re-quantize against the scales as stored (4-bit, f16), not the searched ones.
            for (var j = 0; j < 16; j++)
            {
                var d = Fp16.ToSingle(y[i].D) * (y[i].Scales[j] & 0xF);
                if (d == 0) continue;
                var dm = Fp16.ToSingle(y[i].DMin) * (y[i].Scales[j] >> 4);
                for (var k = 0; k < 16; k++)
                    l[16 * j + k] = (byte)Math.Clamp(QuantSearch.NearestInt((x[16 * j + k] + dm) / d), 0, 3);
            }
            for (var j = 0; j < 256; j += 128)
            {
                for (var k = 0; k < 32; k++)
                    y[i].Qs[j / 4 + k] = (byte)(l[j + k] | (l[j + k + 32] << 2) | (l[j + k + 64] << 4) | (l[j + k + 96] << 6));
            }
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ2_K*)src;
        for (var i = 0; i < n / 256; i++)
        {
            var d = Fp16.ToSingle(x[i].D);
            var min = Fp16.ToSingle(x[i].DMin);
            var q = x[i].Qs;
            var scale = 0;
            for (var half = 0; half < 2; half++, q += 32)
            {
                for (var shift = 0; shift < 8; shift += 2)
                {
                    var sc = x[i].Scales[scale++];
                    float dl = d * (sc & 0xF), ml = min * (sc >> 4);
                    for (var k = 0; k < 16; k++) *y++ = dl * ((q[k] >> shift) & 3) - ml;
                    sc = x[i].Scales[scale++];
                    dl = d * (sc & 0xF);
                    ml = min * (sc >> 4);
                    for (var k = 0; k < 16; k++) *y++ = dl * ((q[k + 16] >> shift) & 3) - ml;
                }
            }
        }
    }
}
