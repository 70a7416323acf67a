namespace Deliberate.Engine.Tokenization;

/// <summary><c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c></summary>
internal sealed class Gpt2PreTokenizer : PreTokenizer
{
    public override int NextEnd(ReadOnlySpan<char> text, int start)
    {
        int contraction = ContractionLength(text, start, ignoreCase: false);
        if (contraction > 0)
            return start + contraction;
        int p = text[start] == ' ' ? start + 1 : start;
        CodePointClass c = ClassAt(text, p, out int w, out _);
        if ((c & CodePointClass.Letter) != 0)
            return Scan(text, p + w, CodePointClass.Letter);
        if ((c & CodePointClass.Number) != 0)
            return Scan(text, p + w, CodePointClass.Number);
        if (IsOther(c, w))
        {
            int pos = p + w;
            while (true)
            {
                CodePointClass next = ClassAt(text, pos, out int nw, out _);
                if (!IsOther(next, nw))
                    return pos;
                pos += nw;
            }
        }
        return Whitespace(text, start, lineBreakRun: false);
    }
}
