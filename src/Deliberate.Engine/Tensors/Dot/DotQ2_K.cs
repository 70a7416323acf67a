using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// Q2_K weights · Q8_K activations: dx·(d·Σ_g (sc[g]&amp;15)·Σ q2·q8 − dmin·Σ_g (sc[g]&gt;&gt;4)·bsum[g]).
/// Scalar only for now: Q2_K is rare in the models we target, and the dispatcher says so.
/// </summary>
internal static unsafe class DotQ2_K
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ2_K*)w;
        var bx = (BlockQ8_K*)x;
        float sum = 0;
        for (var i = 0; i < n / 256; i++)
        {
            var summs = 0;
            for (var g = 0; g < 16; g++) summs += (bw[i].Scales[g] >> 4) * bx[i].BSums[g];
            var isum = 0;
            var a = bx[i].Qs;
            var group = 0;
            for (var half = 0; half < 2; half++)
            {
                var q = bw[i].Qs + 32 * half;
                for (var shift = 0; shift < 8; shift += 2)
                {
                    int s1 = 0, s2 = 0;
                    for (var l = 0; l < 16; l++)
                    {
                        s1 += ((q[l] >> shift) & 3) * a[l];
                        s2 += ((q[l + 16] >> shift) & 3) * a[l + 16];
                    }
                    isum += (bw[i].Scales[group] & 0xF) * s1 + (bw[i].Scales[group + 1] & 0xF) * s2;
                    group += 2;
                    a += 32;
                }
            }
            sum += bx[i].D * (Fp16.ToSingleFinite(bw[i].D) * isum - Fp16.ToSingleFinite(bw[i].DMin) * summs);
        }
        return sum;
    }
}
