namespace Deliberate.Engine.Models;

/// <summary>
/// Rotary position embedding as ggml computes it (<c>ggml_rope_cache_init</c> / <c>rope_yarn</c>): the angle of pair i is
/// built by repeated f32 multiplication by <c>base^(-2/n_rot)</c>, divided by llama3's per-pair factors when present,
/// then linear or YaRN scaled. Repeating ggml's f32 arithmetic keeps us within rounding of llama.cpp.
/// </summary>
public sealed class Rope
{
    private readonly RopeType _type;
    private readonly int _nRot;
    private readonly float _thetaScale;
    private readonly float _freqScale;
    private readonly float[]? _freqFactors;
    private readonly float _extFactor;
    private readonly float _mscale;
    private readonly float _corrLow;
    private readonly float _corrHigh;

    public Rope(ModelConfig config, float[]? freqFactors)
    {
        _type = config.Architecture.Rope;
        _nRot = config.RopeDimensions;
        _thetaScale = MathF.Pow(config.RopeFreqBase, -2.0f / _nRot);
        _freqScale = config.RopeScaling == RopeScalingType.None ? 1f : config.RopeFreqScale;
        _freqFactors = freqFactors;
        _mscale = config.RopeScaling == RopeScalingType.Yarn ? config.YarnAttnFactor : 1f;
        if (config.RopeScaling == RopeScalingType.Yarn)
        {
            _extFactor = 1f;
            float CorrDim(float beta) =>
                _nRot * MathF.Log(config.RopeOriginalContext / (beta * 2 * MathF.PI)) / (2 * MathF.Log(config.RopeFreqBase));
            _corrLow = MathF.Max(0, MathF.Floor(CorrDim(config.YarnBetaFast)));
            _corrHigh = MathF.Min(_nRot - 1, MathF.Ceiling(CorrDim(config.YarnBetaSlow)));
        }
    }

    public int PairCount => _nRot / 2;

    /// <summary>Fills cos/sin for every rotated pair at <paramref name="position"/> (length <see cref="PairCount"/>).</summary>
    public void Angles(int position, Span<float> cos, Span<float> sin)
    {
        float theta = position;
        for (int i = 0; i < PairCount; i++)
        {
            float ff = _freqFactors is null ? 1f : _freqFactors[i];
            float extrap = theta / ff;
            float interp = _freqScale * extrap;
            float angle = interp;
            float mscale = _mscale;
            if (_extFactor != 0)
            {
                float y = (i - _corrLow) / MathF.Max(0.001f, _corrHigh - _corrLow);
                float rampMix = (1 - MathF.Min(1, MathF.Max(0, y))) * _extFactor;
                angle = interp * (1 - rampMix) + extrap * rampMix;
                mscale *= 1.0f + 0.1f * MathF.Log(1.0f / _freqScale);
            }
            cos[i] = MathF.Cos(angle) * mscale;
            sin[i] = MathF.Sin(angle) * mscale;
            theta *= _thetaScale;
        }
    }

    /// <summary>Rotates <paramref name="heads"/> consecutive heads of width <paramref name="headDim"/> in place.</summary>
    public unsafe void Apply(float* x, int heads, int headDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        int half = _nRot / 2;
        for (int h = 0; h < heads; h++)
        {
            float* v = x + h * headDim;
            for (int i = 0; i < half; i++)
            {
                int a = _type == RopeType.Norm ? 2 * i : i;
                int b = _type == RopeType.Norm ? 2 * i + 1 : i + half;
                float x0 = v[a], x1 = v[b];
                v[a] = x0 * cos[i] - x1 * sin[i];
                v[b] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }
}
