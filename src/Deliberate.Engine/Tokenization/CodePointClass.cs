using System.Globalization;
using System.Runtime.CompilerServices;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Unicode classes the split patterns test, computed per code point (not per UTF-16 unit, so a supplementary-plane
/// letter is a letter). ASCII comes from a table; the rest from <see cref="CharUnicodeInfo"/>.
/// </summary>
[Flags]
internal enum CodePointClass : byte
{
    None = 0,

    /// <summary><c>\p{L}</c>.</summary>
    Letter = 1,

    /// <summary><c>\p{N}</c>.</summary>
    Number = 2,

    /// <summary><c>\s</c> (Unicode White_Space).</summary>
    Space = 4,

    /// <summary><c>\p{M}</c>.</summary>
    Mark = 8,

    /// <summary><c>[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]</c>: o200k's "upper" class.</summary>
    UpperClass = 16,

    /// <summary><c>[\p{Ll}\p{Lm}\p{Lo}\p{M}]</c>: o200k's "lower" class.</summary>
    LowerClass = 32,
}

/// <summary>Reads code points out of UTF-16 text and classifies them.</summary>
internal static class CodePoints
{
    private static readonly CodePointClass[] s_ascii = BuildAscii();

    /// <summary>The code point at <paramref name="index"/> (a lone surrogate stands for itself) and its UTF-16 width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int At(ReadOnlySpan<char> text, int index, out int width)
    {
        char c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }
        width = 1;
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodePointClass Classify(int codePoint) => codePoint < 128 ? s_ascii[codePoint] : ClassifySlow(codePoint);

    private static CodePointClass ClassifySlow(int codePoint)
    {
        if (codePoint is >= 0xD800 and <= 0xDFFF)
            return CodePointClass.None; // lone surrogate: category Cs
        if (codePoint <= 0xFFFF && char.IsWhiteSpace((char)codePoint))
            return CodePointClass.Space;
        return FromCategory(CharUnicodeInfo.GetUnicodeCategory(codePoint));
    }

    private static CodePointClass FromCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter => CodePointClass.Letter | CodePointClass.UpperClass,
        UnicodeCategory.LowercaseLetter => CodePointClass.Letter | CodePointClass.LowerClass,
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CodePointClass.Letter | CodePointClass.UpperClass | CodePointClass.LowerClass,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark =>
            CodePointClass.Mark | CodePointClass.UpperClass | CodePointClass.LowerClass,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CodePointClass.Number,
        _ => CodePointClass.None,
    };

    private static CodePointClass[] BuildAscii()
    {
        var table = new CodePointClass[128];
        for (var c = 0; c < 128; c++)
            table[c] = char.IsWhiteSpace((char)c) ? CodePointClass.Space : FromCategory(CharUnicodeInfo.GetUnicodeCategory(c));
        return table;
    }
}
