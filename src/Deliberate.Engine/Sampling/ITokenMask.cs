namespace Deliberate.Engine.Sampling;

/// <summary>
/// Which tokens may come next — the hook constrained decoding (JSON schema, grammars, tool-call syntax)
/// plugs into. Called once per step; fills a bitset (bit i of word i/64 set = token i allowed), the form
/// <see cref="Grammar.GrammarMatcher.FillMask"/> produces, so a grammar mask costs one copy per step.
/// </summary>
public interface ITokenMask
{
    /// <param name="allowedBits">Cleared by the caller; at least ⌈vocabulary/64⌉ words. Tokens past the mask's own vocabulary stay disallowed.</param>
    void FillMask(Span<ulong> allowedBits);
}
