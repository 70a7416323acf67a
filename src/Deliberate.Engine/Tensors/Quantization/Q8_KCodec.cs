using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>
/// Q8_K activation quantizer (ggml <c>quantize_row_q8_K_ref</c>): d = max/-127 with max the signed extreme,
/// so d can be negative; values round to nearest even and clamp at 127; bsums hold 16-value group sums.
/// </summary>
internal static unsafe class Q8_KCodec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ8_K*)dst;
        for (var i = 0; i < n / 256; i++, x += 256)
        {
            float max = 0, amax = 0;
            for (var j = 0; j < 256; j++)
            {
                var ax = MathF.Abs(x[j]);
                if (ax > amax) { amax = ax; max = x[j]; }
            }
            if (amax == 0)
            {
                new Span<byte>(y + i, BlockQ8_K.Size).Clear();
                continue;
            }
            var iscale = -127f / max;
            for (var j = 0; j < 256; j++) y[i].Qs[j] = (sbyte)Math.Min(127, QuantSearch.NearestInt(iscale * x[j]));
            for (var j = 0; j < 16; j++)
            {
                var sum = 0;
                for (var k = 0; k < 16; k++) sum += y[i].Qs[16 * j + k];
                y[i].BSums[j] = (short)sum;
            }
            y[i].D = 1 / iscale;
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ8_K*)src;
        for (var i = 0; i < n / 256; i++, y += 256)
        {
            for (var j = 0; j < 256; j++) y[j] = x[i].D * x[i].Qs[j];
        }
    }
}
