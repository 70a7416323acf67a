namespace Deliberate.Engine.Conversion;

/// <summary>
/// Llama 3.1+ "llama3" rope scaling is not a GGUF key: llama.cpp's converter bakes it into a <c>rope_freqs.weight</c>
/// tensor of per-frequency divisors (head_dim / 2 of them), computed from the scaling parameters as below.
/// Wavelengths shorter than <c>original / high_freq_factor</c> keep their frequency, longer than
/// <c>original / low_freq_factor</c> are divided by <c>factor</c>, and those between are blended smoothly.
/// </summary>
public static class Llama3RopeFactors
{
    public static float[] Compute(HfModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var dim = config.HeadDim;
        var original = config.RopeScalingOriginalContext > 0 ? config.RopeScalingOriginalContext : 8192;
        var lowWavelength = original / config.RopeLowFreqFactor;
        var highWavelength = original / config.RopeHighFreqFactor;
        var factors = new float[dim / 2];
        for (var i = 0; i < factors.Length; i++)
        {
            // Computed in float32 as PyTorch does in the reference converter.
            var frequency = 1.0f / MathF.Pow(config.RopeTheta, 2 * i / (float)dim);
            var wavelength = 2 * MathF.PI / frequency;
            if (wavelength < highWavelength)
            {
                factors[i] = 1;
            }
            else if (wavelength > lowWavelength)
            {
                factors[i] = config.RopeScalingFactor;
            }
            else
            {
                var smooth = ((original / wavelength) - config.RopeLowFreqFactor) / (config.RopeHighFreqFactor - config.RopeLowFreqFactor);
                factors[i] = 1 / (((1 - smooth) / config.RopeScalingFactor) + smooth);
            }
        }

        return factors;
    }
}
