using System.Globalization;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// DeepSeek V3 (<c>deepseek-v3</c>): three splits applied in sequence, each to the pieces of the previous one,
/// keeping unmatched stretches as pieces of their own (Hugging Face's <c>Split</c> with <c>Isolated</c>):
/// <list type="number">
/// <item><c>\p{N}{1,3}</c></item>
/// <item><c>[一-龥぀-ゟ゠-ヿ]+</c> (CJK ideographs and kana)</item>
/// <item><c>[!"#$%&amp;'()*+,\-./:;&lt;=&gt;?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c></item>
/// </list>
/// Each call recomputes the enclosing first- and second-level piece from <c>start</c>, which is always a piece
/// boundary, so no state is carried between calls.
/// </summary>
internal sealed class DeepSeekV3PreTokenizer : PreTokenizer
{
    public override int NextEnd(ReadOnlySpan<char> text, int start)
    {
        CodePointClass c = ClassAt(text, start, out int w, out int cp);
        if ((c & CodePointClass.Number) != 0)
        {
            int pos = start + w;
            for (int n = 1; n < 3 && (ClassAt(text, pos, out int nw, out _) & CodePointClass.Number) != 0; n++)
                pos += nw;
            return pos;
        }
        // The second-level piece holding start: a CJK/kana run, or the stretch up to the next one (or digit).
        bool cjk = IsCjk(cp);
        int bound = start + w;
        while (bound < text.Length)
        {
            CodePointClass next = ClassAt(text, bound, out int nw, out int ncp);
            if ((next & CodePointClass.Number) != 0 || IsCjk(ncp) != cjk)
                break;
            bound += nw;
        }
        ReadOnlySpan<char> piece = text[..bound];
        int end = MatchThird(piece, start);
        if (end > start)
            return end;
        // Unmatched: extend to where the third pattern next matches.
        int gap = start + w;
        while (gap < bound && MatchThird(piece, gap) <= gap)
            gap += Width(piece, gap);
        return gap;
    }

    private static bool IsCjk(int cp) => cp is >= 0x4E00 and <= 0x9FA5 or >= 0x3040 and <= 0x309F or >= 0x30A0 and <= 0x30FF;

    /// <summary>The end of the third pattern's match at <paramref name="start"/>, or <paramref name="start"/> when none.</summary>
    private static int MatchThird(ReadOnlySpan<char> text, int start)
    {
        char c0 = text[start];
        // [ASCII punctuation][A-Za-z]+
        if (IsAsciiPunctuation(c0) && start + 1 < text.Length && char.IsAsciiLetter(text[start + 1]))
        {
            int pos = start + 2;
            while (pos < text.Length && char.IsAsciiLetter(text[pos]))
                pos++;
            return pos;
        }
        // [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
        int cp = CodePoints.At(text, start, out int w);
        bool letterOrMark = IsLetterOrMark(cp);
        if (letterOrMark || (cp is not ('\r' or '\n') && !IsPunctuationOrSymbol(cp) && start + w < text.Length && IsLetterOrMark(CodePoints.At(text, start + w, out _))))
        {
            int pos = start + (letterOrMark ? 0 : w);
            while (pos < text.Length)
            {
                int next = CodePoints.At(text, pos, out int nw);
                if (!IsLetterOrMark(next))
                    break;
                pos += nw;
            }
            return pos;
        }
        // ' '?[\p{P}\p{S}]+[\r\n]*
        int p = c0 == ' ' && start + 1 < text.Length ? start + 1 : start;
        if (IsPunctuationOrSymbol(CodePoints.At(text, p, out int pw)))
        {
            int pos = p + pw;
            while (pos < text.Length)
            {
                int next = CodePoints.At(text, pos, out int nw);
                if (!IsPunctuationOrSymbol(next))
                    break;
                pos += nw;
            }
            while (pos < text.Length && text[pos] is '\r' or '\n')
                pos++;
            return pos;
        }
        if ((CodePoints.Classify(cp) & CodePointClass.Space) != 0)
            return Whitespace(text, start, lineBreakRun: true);
        return start;
    }

    private static bool IsAsciiPunctuation(char c) => c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~';

    private static bool IsLetterOrMark(int cp) => (CodePoints.Classify(cp) & (CodePointClass.Letter | CodePointClass.Mark)) != 0;

    private static bool IsPunctuationOrSymbol(int cp)
    {
        if (cp is >= 0xD800 and <= 0xDFFF)
            return false;
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(cp);
        return category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
            or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol;
    }
}
