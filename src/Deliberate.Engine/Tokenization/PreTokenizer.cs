namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Splits text into the pieces BPE runs on, the way one split pattern
/// (docs/engine.md#byte-level-bpe-and-pre-tokenizers) does. Each implementation is
/// a hand-written code-point scanner equivalent to its regex: faster than <c>Regex</c> and correct on
/// supplementary-plane text, which .NET's UTF-16 regex engine is not.
/// </summary>
internal abstract class PreTokenizer
{
    /// <summary>The end (exclusive, in UTF-16 units) of the piece that starts at <paramref name="start"/>; always &gt; start.</summary>
    public abstract int NextEnd(ReadOnlySpan<char> text, int start);

    /// <summary>
    /// The splitter for a <c>tokenizer.ggml.pre</c> id. A missing id or <c>default</c> gets GPT-2's pattern;
    /// llama.cpp's "default" is a list of GPT-2-like regexes that differs in punctuation and digit runs, and is
    /// only reached by files converted without a pre-tokenizer id.
    /// </summary>
    /// <exception cref="TokenizerFormatException">The id is not one this engine implements.</exception>
    public static PreTokenizer Create(string? id) => id switch
    {
        null or "" or PreTokenizerIds.Default or PreTokenizerIds.Gpt2 or "gpt2" or "phi-2" or "mpt" or "olmo" or "jais" or "starcoder"
            or "refact" or "command-r" or "codeshell" or "exaone" or "minerva-7b" => new Gpt2PreTokenizer(),
        "llama3" or PreTokenizerIds.Llama3 or "llama-v3" or "falcon3" or "pixtral" or "lfm2" or "dbrx" or "smaug-bpe" => new Llama3PreTokenizer(3),
        PreTokenizerIds.Qwen2 or PreTokenizerIds.DeepSeekR1Qwen or "megrez" or "stablelm2" or "hunyuan" or "kormo" => new Llama3PreTokenizer(1),
        PreTokenizerIds.Gpt4o or "llama4" => new O200kPreTokenizer(),
        PreTokenizerIds.DeepSeekV3 => new DeepSeekV3PreTokenizer(),
        _ => throw new TokenizerFormatException($"tokenizer.ggml.pre: unsupported pre-tokenizer '{id}'"),
    };

    /// <summary>Whether the code point at <paramref name="index"/> is <c>'</c> followed by a contraction (s t re ve m ll d); its length if so.</summary>
    protected static int ContractionLength(ReadOnlySpan<char> text, int index, bool ignoreCase)
    {
        if (index + 1 >= text.Length || text[index] != '\'')
            return 0;
        char a = Fold(text[index + 1], ignoreCase);
        if (a is 's' or 't' or 'm' or 'd')
            return 2;
        if (index + 2 >= text.Length)
            return 0;
        char b = Fold(text[index + 2], ignoreCase);
        return (a, b) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 3 : 0;
    }

    private static char Fold(char c, bool ignoreCase) => ignoreCase && c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    /// <summary>Whitespace handling shared by all patterns: <c>\s+(?!\S)|\s+</c>, optionally preceded by <c>\s*[\r\n]+</c>.</summary>
    protected static int Whitespace(ReadOnlySpan<char> text, int start, bool lineBreakRun)
    {
        int pos = start, count = 0, lastBreakEnd = -1, lastStart = start;
        while (pos < text.Length)
        {
            int cp = CodePoints.At(text, pos, out int w);
            if ((CodePoints.Classify(cp) & CodePointClass.Space) == 0)
                break;
            if (cp is '\r' or '\n')
                lastBreakEnd = pos + w;
            lastStart = pos;
            pos += w;
            count++;
        }
        if (lineBreakRun && lastBreakEnd > 0)
            return lastBreakEnd;                        // \s*[\r\n]+
        if (count > 1 && pos < text.Length)
            return lastStart;                           // \s+(?!\S): leave the last space to the next word
        return count > 0 ? pos : start + Width(text, start); // \s+, or a lone unmatched code point
    }

    protected static int Width(ReadOnlySpan<char> text, int index)
    {
        CodePoints.At(text, index, out int w);
        return w;
    }

    /// <summary>The class of the code point at <paramref name="index"/>, or <see cref="CodePointClass.None"/> with width 0 at the end.</summary>
    protected static CodePointClass ClassAt(ReadOnlySpan<char> text, int index, out int width, out int codePoint)
    {
        if (index >= text.Length)
        {
            width = 0;
            codePoint = -1;
            return CodePointClass.None;
        }
        codePoint = CodePoints.At(text, index, out width);
        return CodePoints.Classify(codePoint);
    }

    /// <summary><c>[^\s\p{L}\p{N}]</c> for a code point that exists.</summary>
    protected static bool IsOther(CodePointClass c, int width) => width > 0 && (c & (CodePointClass.Space | CodePointClass.Letter | CodePointClass.Number)) == 0;

    /// <summary>Advances over code points whose class intersects <paramref name="mask"/>.</summary>
    protected static int Scan(ReadOnlySpan<char> text, int pos, CodePointClass mask)
    {
        while (pos < text.Length)
        {
            int cp = CodePoints.At(text, pos, out int w);
            if ((CodePoints.Classify(cp) & mask) == 0)
                break;
            pos += w;
        }
        return pos;
    }
}
