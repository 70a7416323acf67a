namespace Deliberate.Engine.Tokenization;

/// <summary>
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,K}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>
/// with K = 3 (Llama 3) or K = 1 (Qwen 2); mirrors llama.cpp's <c>unicode_regex_split_custom_llama3</c>.
/// </summary>
internal sealed class Llama3PreTokenizer(int maxDigits) : PreTokenizer
{
    public override int NextEnd(ReadOnlySpan<char> text, int start)
    {
        int contraction = ContractionLength(text, start, ignoreCase: true);
        if (contraction > 0)
            return start + contraction;

        CodePointClass c = ClassAt(text, start, out int w, out int cp);
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (cp is not ('\r' or '\n') && (c & CodePointClass.Number) == 0)
        {
            if ((c & CodePointClass.Letter) != 0)
                return Scan(text, start + w, CodePointClass.Letter);
            if ((ClassAt(text, start + w, out int w2, out _) & CodePointClass.Letter) != 0)
                return Scan(text, start + w + w2, CodePointClass.Letter);
        }
        // \p{N}{1,K}
        if ((c & CodePointClass.Number) != 0)
        {
            int pos = start + w;
            for (int n = 1; n < maxDigits && (ClassAt(text, pos, out int nw, out _) & CodePointClass.Number) != 0; n++)
                pos += nw;
            return pos;
        }
        // ' '?[^\s\p{L}\p{N}]+[\r\n]*
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
            while (pos < text.Length && text[pos] is '\r' or '\n')
                pos++;
            return pos;
        }
        return Whitespace(text, start, lineBreakRun: true);
    }
}
