namespace Deliberate.Engine.Tokenization;

/// <summary>
/// o200k (gpt-4o, gpt-oss): <c>[^\r\n\p{L}\p{N}]?U*L+C?|[^\r\n\p{L}\p{N}]?U+L*C?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>
/// where U = <c>[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]</c>, L = <c>[\p{Ll}\p{Lm}\p{Lo}\p{M}]</c> and C is an optional
/// case-insensitive contraction. The regex's backtracking is reproduced explicitly in <see cref="UpperThenLower"/>.
/// </summary>
internal sealed class O200kPreTokenizer : PreTokenizer
{
    public override int NextEnd(ReadOnlySpan<char> text, int start)
    {
        CodePointClass c = ClassAt(text, start, out int w, out int cp);
        bool prefix = cp is not ('\r' or '\n') && (c & (CodePointClass.Letter | CodePointClass.Number)) == 0;

        // Alternative 1, with then without the optional prefix.
        int end = prefix ? UpperThenLower(text, start + w) : -1;
        if (end < 0)
            end = UpperThenLower(text, start);
        // Alternative 2.
        if (end < 0 && prefix)
            end = UpperPlus(text, start + w);
        if (end < 0)
            end = UpperPlus(text, start);
        if (end >= 0)
            return end + ContractionLength(text, end, ignoreCase: true);

        // \p{N}{1,3}
        if ((c & CodePointClass.Number) != 0)
        {
            int pos = start + w;
            for (int n = 1; n < 3 && (ClassAt(text, pos, out int nw, out _) & CodePointClass.Number) != 0; n++)
                pos += nw;
            return pos;
        }
        // ' '?[^\s\p{L}\p{N}]+[\r\n/]*
        int p = start;
        CodePointClass pc = c;
        int pw = w;
        if (cp == ' ')
        {
            p = start + 1;
            pc = ClassAt(text, p, out pw, out _);
        }
        if (IsOther(pc, pw))
        {
            int pos = p + pw;
            while (true)
            {
                CodePointClass next = ClassAt(text, pos, out int nw, out _);
                if (!IsOther(next, nw))
                    break;
                pos += nw;
            }
            while (pos < text.Length && text[pos] is '\r' or '\n' or '/')
                pos++;
            return pos;
        }
        return Whitespace(text, start, lineBreakRun: true);
    }

    /// <summary><c>U*L+</c> from <paramref name="start"/>: the end of the match, or -1.</summary>
    private static int UpperThenLower(ReadOnlySpan<char> text, int start)
    {
        // Greedy U* first; then back off one code point at a time until L+ can start (regex backtracking order).
        int upperEnd = Scan(text, start, CodePointClass.UpperClass);
        int k = upperEnd;
        while (true)
        {
            if ((ClassAt(text, k, out int w, out _) & CodePointClass.LowerClass) != 0)
                return Scan(text, k + w, CodePointClass.LowerClass);
            if (k == start)
                return -1;
            k -= k >= 2 && char.IsLowSurrogate(text[k - 1]) && char.IsHighSurrogate(text[k - 2]) ? 2 : 1;
        }
    }

    /// <summary><c>U+L*</c> from <paramref name="start"/>: the end of the match, or -1.</summary>
    private static int UpperPlus(ReadOnlySpan<char> text, int start)
    {
        int upperEnd = Scan(text, start, CodePointClass.UpperClass);
        return upperEnd == start ? -1 : Scan(text, upperEnd, CodePointClass.LowerClass);
    }
}
