using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q3_K reference quantizer and dequantizer (ggml <c>quantize_row_q3_K_ref</c>).</summary>
internal static unsafe class Q3_KCodec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ3_K*)dst;
        var l = stackalloc sbyte[256];
        var scales = stackalloc float[16];
        for (var i = 0; i < n / 256; i++, x += 256)
        {
            float maxScale = 0, amax = 0;
            for (var j = 0; j < 16; j++)
            {
                scales[j] = QuantSearch.MakeQ3Quants(16, 4, x + 16 * j, l + 16 * j);
                var scale = MathF.Abs(scales[j]);
                if (scale > amax) { amax = scale; maxScale = scales[j]; }
            }
            for (var j = 0; j < 12; j++) y[i].Scales[j] = 0;
            if (maxScale != 0)
            {
                var iscale = -32f / maxScale;
                for (var j = 0; j < 16; j++)
                {
                    var q = Math.Clamp((int)(sbyte)QuantSearch.NearestInt(iscale * scales[j]), -32, 31) + 32;
                    if (j < 8) y[i].Scales[j] = (byte)(q & 0xF);
                    else y[i].Scales[j - 8] |= (byte)((q & 0xF) << 4);
                    y[i].Scales[j % 4 + 8] |= (byte)((q >> 4) << (2 * (j / 4)));
                }
                y[i].D = Fp16.FromSingle(1 / iscale);
            }
            else
            {
                y[i].D = 0;
            }
            for (var j = 0; j < 16; j++)
            {
                var d = Fp16.ToSingle(y[i].D) * Scale(y[i].Scales, j);
                if (d == 0) continue;
                for (var k = 0; k < 16; k++)
                    l[16 * j + k] = (sbyte)(Math.Clamp(QuantSearch.NearestInt(x[16 * j + k] / d), -4, 3) + 4);
            }
            for (var j = 0; j < 32; j++) y[i].HMask[j] = 0;
            // The third bit of the first 32 values goes to bit 0 of hmask[0..31], the next 32 to bit 1, etc.
            int m = 0, hm = 1;
            for (var j = 0; j < 256; j++)
            {
                if (l[j] > 3)
                {
                    y[i].HMask[m] |= (byte)hm;
                    l[j] -= 4;
                }
                if (++m == 32) { m = 0; hm <<= 1; }
            }
            for (var j = 0; j < 256; j += 128)
            {
                for (var k = 0; k < 32; k++)
                    y[i].Qs[j / 4 + k] = (byte)((byte)l[j + k] | ((byte)l[j + k + 32] << 2) | ((byte)l[j + k + 64] << 4) | ((byte)l[j + k + 96] << 6));
            }
        }
    }

    /// <summary>Signed 6-bit scale <paramref name="j"/> (0..15) from the 12-byte packing.</summary>
    public static int Scale(byte* b, int j)
    {
        var low = j < 8 ? b[j] & 0xF : b[j - 8] >> 4;
        var high = (b[8 + j % 4] >> (2 * (j / 4))) & 3;
        return (low | (high << 4)) - 32;
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ3_K*)src;
        for (var i = 0; i < n / 256; i++, y += 256)
        {
            var d = Fp16.ToSingle(x[i].D);
            for (var e = 0; e < 256; e++)
            {
                int half = e / 128, j = (e % 128) / 32, l = e % 32;
                var q = ((x[i].Qs[32 * half + l] >> (2 * j)) & 3) - ((x[i].HMask[l] >> (4 * half + j) & 1) != 0 ? 0 : 4);
                y[e] = d * Scale(x[i].Scales, e / 16) * q;
            }
        }
    }
}
