using System.Runtime.CompilerServices;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>
/// The scale searches behind ggml's reference K-quant quantizers (<c>make_qx_quants</c>,
/// <c>make_q3_quants</c>, <c>make_qkx2_quants</c>), restated so that files we write quantize the
/// way llama-quantize does without an importance matrix.
/// </summary>
internal static unsafe class QuantSearch
{
    /// <summary>Values this small count as an all-zero group (ggml's GROUP_MAX_EPS).</summary>
    public const float GroupMaxEps = 1e-15f;

    /// <summary>Round to nearest, ties to even, via the 1.5·2^23 trick ggml uses (|x| must be &lt; 2^22).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NearestInt(float value)
    {
        var shifted = value + 12582912f;
        return (BitConverter.SingleToInt32Bits(shifted) & 0x007fffff) - 0x00400000;
    }

    /// <summary>
    /// Symmetric quantization of <paramref name="n"/> values to [-nmax, nmax-1] (stored as L + nmax), trying
    /// 18 scales around nmax/max and keeping the one with the best weighted fit (weights x² when rmseType is 1).
    /// Returns the scale.
    /// </summary>
    public static float MakeQxQuants(int n, int nmax, float* x, sbyte* l, int rmseType)
    {
        float max = 0, amax = 0;
        for (var i = 0; i < n; i++)
        {
            var ax = MathF.Abs(x[i]);
            if (ax > amax) { amax = ax; max = x[i]; }
        }
        if (amax < GroupMaxEps)
        {
            for (var i = 0; i < n; i++) l[i] = 0;
            return 0f;
        }
        var iscale = -nmax / max;
        if (rmseType == 0)
        {
            for (var i = 0; i < n; i++)
                l[i] = (sbyte)(nmax + Math.Clamp(NearestInt(iscale * x[i]), -nmax, nmax - 1));
            return 1 / iscale;
        }
        float sumlx = 0, suml2 = 0;
        for (var i = 0; i < n; i++)
        {
            var q = Math.Clamp(NearestInt(iscale * x[i]), -nmax, nmax - 1);
            l[i] = (sbyte)(q + nmax);
            var w = Weight(rmseType, x[i]);
            sumlx += w * x[i] * q;
            suml2 += w * q * q;
        }
        var scale = suml2 != 0 ? sumlx / suml2 : 0f;
        var best = scale * sumlx;
        for (var step = -9; step <= 9; step++)
        {
            if (step == 0) continue;
            iscale = -(nmax + 0.1f * step) / max;
            sumlx = suml2 = 0;
            for (var i = 0; i < n; i++)
            {
                var q = Math.Clamp(NearestInt(iscale * x[i]), -nmax, nmax - 1);
                var w = Weight(rmseType, x[i]);
                sumlx += w * x[i] * q;
                suml2 += w * q * q;
            }
            if (suml2 > 0 && sumlx * sumlx > best * suml2)
            {
                for (var i = 0; i < n; i++)
                    l[i] = (sbyte)(nmax + Math.Clamp(NearestInt(iscale * x[i]), -nmax, nmax - 1));
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }

    private static float Weight(int rmseType, float x) => rmseType switch
    {
        1 => x * x,
        2 => 1f,
        3 => MathF.Abs(x),
        _ => MathF.Sqrt(MathF.Abs(x)),
    };

    /// <summary>
    /// Symmetric 3-bit search for Q3_K: start at nmax/max, then up to 5 rounds of coordinate descent on
    /// each value with x²-weighted error. Returns the scale; L holds values + nmax.
    /// </summary>
    public static float MakeQ3Quants(int n, int nmax, float* x, sbyte* l)
    {
        float max = 0, amax = 0;
        for (var i = 0; i < n; i++)
        {
            var ax = MathF.Abs(x[i]);
            if (ax > amax) { amax = ax; max = x[i]; }
        }
        if (amax < GroupMaxEps)
        {
            for (var i = 0; i < n; i++) l[i] = 0;
            return 0f;
        }
        var iscale = -nmax / max;
        float sumlx = 0, suml2 = 0;
        for (var i = 0; i < n; i++)
        {
            var q = Math.Clamp(NearestInt(iscale * x[i]), -nmax, nmax - 1);
            l[i] = (sbyte)q;
            var w = x[i] * x[i];
            sumlx += w * x[i] * q;
            suml2 += w * q * q;
        }
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var changed = 0;
            for (var i = 0; i < n; i++)
            {
                var w = x[i] * x[i];
                var slx = sumlx - w * x[i] * l[i];
                if (slx > 0)
                {
                    var sl2 = suml2 - w * l[i] * l[i];
                    var q = Math.Clamp(NearestInt(x[i] * sl2 / slx), -nmax, nmax - 1);
                    if (q != l[i])
                    {
                        slx += w * x[i] * q;
                        sl2 += w * q * q;
                        if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2)
                        {
                            l[i] = (sbyte)q;
                            sumlx = slx;
                            suml2 = sl2;
                            changed++;
                        }
                    }
                }
            }
            if (changed == 0) break;
        }
        for (var i = 0; i < n; i++) l[i] = (sbyte)(l[i] + nmax);
        return suml2 > 0f ? sumlx / suml2 : 0f;
    }

    /// <summary>
    /// Asymmetric (scale + min) search for Q2_K/Q4_K/Q5_K: fits x ≈ scale·L − min with L in [0, nmax]
    /// by weighted least squares over nstep+1 candidate inverse scales. Returns the scale; min via out.
    /// </summary>
    public static float MakeQkx2Quants(int n, int nmax, float* x, float* weights, byte* l, out float theMin,
        byte* laux, float rmin, float rdelta, int nstep, bool useMad)
    {
        float min = x[0], max = x[0];
        var sumW = weights[0];
        var sumX = sumW * x[0];
        for (var i = 1; i < n; i++)
        {
            if (x[i] < min) min = x[i];
            if (x[i] > max) max = x[i];
            sumW += weights[i];
            sumX += weights[i] * x[i];
        }
        if (min > 0) min = 0;
        if (max == min)
        {
            for (var i = 0; i < n; i++) l[i] = 0;
            theMin = -min;
            return 0f;
        }
        var iscale = nmax / (max - min);
        var scale = 1 / iscale;
        float bestError = 0;
        for (var i = 0; i < n; i++)
        {
            l[i] = (byte)Math.Clamp(NearestInt(iscale * (x[i] - min)), 0, nmax);
            var diff = scale * l[i] + min - x[i];
            bestError += weights[i] * (useMad ? MathF.Abs(diff) : diff * diff);
        }
        for (var step = 0; step <= nstep; step++)
        {
            iscale = (rmin + rdelta * step + nmax) / (max - min);
            float sumL = 0, sumL2 = 0, sumXl = 0;
            for (var i = 0; i < n; i++)
            {
                var q = Math.Clamp(NearestInt(iscale * (x[i] - min)), 0, nmax);
                laux[i] = (byte)q;
                var w = weights[i];
                sumL += w * q;
                sumL2 += w * q * q;
                sumXl += w * q * x[i];
            }
            var det = sumW * sumL2 - sumL * sumL;
            if (det > 0)
            {
                var thisScale = (sumW * sumXl - sumX * sumL) / det;
                var thisMin = (sumL2 * sumX - sumL * sumXl) / det;
                if (thisMin > 0)
                {
                    thisMin = 0;
                    thisScale = sumXl / sumL2;
                }
                float error = 0;
                for (var i = 0; i < n; i++)
                {
                    var diff = thisScale * laux[i] + thisMin - x[i];
                    error += weights[i] * (useMad ? MathF.Abs(diff) : diff * diff);
                }
                if (error < bestError)
                {
                    for (var i = 0; i < n; i++) l[i] = laux[i];
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin = -min;
        return scale;
    }

    /// <summary>Unpacks the 6-bit scale and min of sub-block <paramref name="j"/> (Q4_K/Q5_K packing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleMinK4(int j, byte* q, out int scale, out int min)
    {
        if (j < 4)
        {
            scale = q[j] & 63;
            min = q[j + 4] & 63;
        }
        else
        {
            scale = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
            min = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
        }
    }
}
