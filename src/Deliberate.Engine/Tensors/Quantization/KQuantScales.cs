namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>
/// Scale/min search and packing shared by Q4_K and Q5_K: 8 sub-blocks of 32, each fitted with
/// <see cref="QuantSearch.MakeQkx2Quants"/> (weights av|x| + |x|), then the 8 scales and 8 mins are
/// themselves quantized to 6 bits against f16 super-scales.
/// </summary>
internal static unsafe class KQuantScales
{
    public static void Search(float* x, byte* l, int nmax, float rmin, float rdelta, int nstep, byte* packed, out ushort d, out ushort dmin)
    {
        var laux = stackalloc byte[32];
        var weights = stackalloc float[32];
        var mins = stackalloc float[8];
        var scales = stackalloc float[8];
        float maxScale = 0, maxMin = 0;
        for (var j = 0; j < 8; j++)
        {
            float sumX2 = 0;
            for (var k = 0; k < 32; k++) sumX2 += x[32 * j + k] * x[32 * j + k];
            var avX = MathF.Sqrt(sumX2 / 32);
            for (var k = 0; k < 32; k++) weights[k] = avX + MathF.Abs(x[32 * j + k]);
            scales[j] = QuantSearch.MakeQkx2Quants(32, nmax, x + 32 * j, weights, l + 32 * j, out mins[j], laux, rmin, rdelta, nstep, false);
            maxScale = MathF.Max(maxScale, scales[j]);
            maxMin = MathF.Max(maxMin, mins[j]);
        }
        var invScale = maxScale > 0 ? 63f / maxScale : 0f;
        var invMin = maxMin > 0 ? 63f / maxMin : 0f;
        for (var j = 0; j < 8; j++)
        {
            var ls = Math.Min(63, (int)(byte)QuantSearch.NearestInt(invScale * scales[j]));
            var lm = Math.Min(63, (int)(byte)QuantSearch.NearestInt(invMin * mins[j]));
            if (j < 4)
            {
                packed[j] = (byte)ls;
                packed[j + 4] = (byte)lm;
            }
            else
            {
                packed[j + 4] = (byte)((ls & 0xF) | ((lm & 0xF) << 4));
                packed[j - 4] |= (byte)((ls >> 4) << 6);
                packed[j] |= (byte)((lm >> 4) << 6);
            }
        }
        d = Blocks.Fp16.FromSingle(maxScale / 63f);
        dmin = Blocks.Fp16.FromSingle(maxMin / 63f);
    }

    /// <summary>Re-quantizes every value against the scales and mins as stored (6-bit, f16).</summary>
    public static void Requantize(float* x, byte* l, int nmax, byte* packed, ushort d, ushort dmin)
    {
        for (var j = 0; j < 8; j++)
        {
            QuantSearch.ScaleMinK4(j, packed, out var sc, out var m);
            var dd = Blocks.Fp16.ToSingle(d) * sc;
            if (dd == 0) continue;
            var dm = Blocks.Fp16.ToSingle(dmin) * m;
            for (var k = 0; k < 32; k++)
                l[32 * j + k] = (byte)Math.Clamp(QuantSearch.NearestInt((x[32 * j + k] + dm) / dd), 0, nmax);
        }
    }
}
