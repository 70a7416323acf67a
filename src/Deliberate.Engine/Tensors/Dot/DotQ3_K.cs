using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// Q3_K weights · Q8_K activations: dw·dx·Σ_g scale[g]·Σ q3·q8 with q3 in −4..3 (third bit clear = −4).
/// Scalar only for now (see <see cref="RowDot"/>).
/// </summary>
internal static unsafe class DotQ3_K
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ3_K*)w;
        var bx = (BlockQ8_K*)x;
        var scales = stackalloc int[16];
        float sum = 0;
        for (var i = 0; i < n / 256; i++)
        {
            for (var g = 0; g < 16; g++) scales[g] = Q3_KCodec.Scale(bw[i].Scales, g);
            var isum = 0;
            var a = bx[i].Qs;
            for (var half = 0; half < 2; half++)
            {
                var q = bw[i].Qs + 32 * half;
                for (var j = 0; j < 4; j++, a += 32)
                {
                    var bit = 4 * half + j;
                    int s1 = 0, s2 = 0;
                    for (var l = 0; l < 16; l++)
                    {
                        s1 += (((q[l] >> (2 * j)) & 3) - (((bw[i].HMask[l] >> bit) & 1) != 0 ? 0 : 4)) * a[l];
                        s2 += (((q[l + 16] >> (2 * j)) & 3) - (((bw[i].HMask[l + 16] >> bit) & 1) != 0 ? 0 : 4)) * a[l + 16];
                    }
                    isum += scales[8 * half + 2 * j] * s1 + scales[8 * half + 2 * j + 1] * s2;
                }
            }
            sum += Fp16.ToSingleFinite(bw[i].D) * bx[i].D * isum;
        }
        return sum;
    }
}
