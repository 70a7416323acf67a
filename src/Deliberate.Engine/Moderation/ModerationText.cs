using System.Text;

namespace Deliberate.Engine.Moderation;

/// <summary>
/// How the moderation classifier reads text, as <c>training/moderation/features.py</c> defines it (the parity test
/// holds the two together): which characters make words, where a segment ends, and which windows of segments are
/// scored. Word characters are ASCII letters and digits and every code point from U+0080 up except a few punctuation
/// marks; apostrophes vanish. Segments end after <c>.</c>, <c>!</c> or <c>?</c> followed by ASCII whitespace, after a
/// newline, and at the first ASCII whitespace once a segment holds <see cref="SoftLimit"/> code points.
/// </summary>
internal static class ModerationText
{
    /// <summary>Code points after which a segment ends at the next ASCII whitespace.</summary>
    public const int SoftLimit = 300;

    public static bool IsApostrophe(int codePoint) => codePoint is '\'' or 0x2018 or 0x2019;

    /// <summary>Non-ASCII punctuation typed between words: curly double quotes, dashes, ellipsis, no-break space, guillemets.</summary>
    public static bool IsSeparator(int codePoint) => codePoint is 0x201C or 0x201D or 0x2013 or 0x2014 or 0x2026 or 0x00A0 or 0x00AB or 0x00BB;

    public static bool IsWordRune(Rune rune) =>
        rune.Value < 0x80 ? char.IsAsciiLetterOrDigit((char)rune.Value) : !IsSeparator(rune.Value) && !IsApostrophe(rune.Value);

    public static bool IsAsciiSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    /// <summary>Whether a segment ends after <paramref name="c"/>; <paramref name="next"/> is <c>'\0'</c> at the end of the text.</summary>
    /// <param name="c">The character just read.</param>
    /// <param name="next">The character after it.</param>
    /// <param name="length">Code points in the segment so far, <paramref name="c"/> included.</param>
    public static bool EndsSegmentAfter(char c, char next, int length) =>
        c == '\n' || (c is '.' or '!' or '?' && IsAsciiSpace(next)) || (length >= SoftLimit && IsAsciiSpace(c));

    /// <summary>Whether <paramref name="c"/> starts a new code point (a low surrogate continues its pair).</summary>
    public static bool CountsAsCodePoint(char c) => !char.IsLowSurrogate(c);

    public static bool HasWord(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordRune(rune))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text cut into segments (together, the whole text).</summary>
    public static List<string> Segments(string text)
    {
        var segments = new List<string>();
        int start = 0, length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            length += CountsAsCodePoint(text[i]) ? 1 : 0;
            if (EndsSegmentAfter(text[i], i + 1 < text.Length ? text[i + 1] : '\0', length))
            {
                segments.Add(text[start..(i + 1)]);
                (start, length) = (i + 1, 0);
            }
        }

        if (start < text.Length)
        {
            segments.Add(text[start..]);
        }

        return segments;
    }

    /// <summary>What is scored for a text: every pair of neighbouring segments that hold a word (a lone one alone; the text itself when none does).</summary>
    public static List<string> Windows(string text)
    {
        var parts = Segments(text).Where(s => HasWord(s)).ToList();
        if (parts.Count <= 1)
        {
            return parts.Count == 1 ? parts : [text];
        }

        return Enumerable.Range(1, parts.Count - 1).Select(i => parts[i - 1] + parts[i]).ToList();
    }
}
