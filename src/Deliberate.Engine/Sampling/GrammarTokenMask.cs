using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Sampling;

/// <summary>
/// Plugs a <see cref="GrammarMatcher"/> (JSON-schema constrained decoding) into the sampler chain. The
/// generation loop still calls <see cref="GrammarMatcher.Accept"/> with each committed token.
/// </summary>
public sealed class GrammarTokenMask(GrammarMatcher matcher) : ITokenMask
{
    private ulong[]? _scratch;

    public void FillMask(Span<ulong> allowedBits)
    {
        var words = matcher.Vocabulary.MaskLength;
        if (allowedBits.Length < words)
        {
            // The model's logit vector is shorter than the grammar's vocabulary: mask what fits.
            var scratch = _scratch ??= new ulong[words];
            matcher.FillMask(scratch);
            scratch[..allowedBits.Length].CopyTo(allowedBits);
            return;
        }

        matcher.FillMask(allowedBits);
    }
}
