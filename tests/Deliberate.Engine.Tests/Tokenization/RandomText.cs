using System.Text;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>Seeded random strings that stress split patterns: mixed scripts, case, digits, apostrophes, whitespace runs.</summary>
internal static class RandomText
{
    private static readonly string[] s_bmpPieces =
    [
        "a", "b", "Z", "Q", "x", "e", "the", "The", "HTTP", "iPhone", "'s", "'S", "'t", "'re", "'VE", "'m", "'ll", "'D", "'",
        "0", "7", "42", "123", "9999", " ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", "/", "//", ".", ",", "!", "?",
        "-", "_", "(", ")", "{", "}", "\"", "#", "$", "%", "&", "*", "+", "=", "<", ">", "|", "~", "`", "^", "@",
        "é", "É", "ß", "ñ", "ø", "Ω", "ω", "д", "Д", "ж", "ǅ", "ʰ", "ー", "日", "本", "語", "中", "文", "한", "국", "あ", "カ",
        "\u0301", "\u0308", "\u0903", "ा", "म", "ع", "ر", "א", "ש", "ก", "ี", "١", "٢", "²", "½", "Ⅻ", "\u00a0", "\u3000", "\u2003",
        "€", "™", "©", "—", "…", "“", "”", "«", "»", "·",
    ];

    // Supplementary-plane code points: emoji (So), a math letter (Lu), a CJK Ext-B ideograph (Lo), a digit (Nd).
    private static readonly string[] s_astralPieces = ["😀", "🎉", "👩‍💻", "🇫🇷", "𝐀", "𝐚", "𠀀", "𝟗", "\U0001F600\U0001F600"];

    public static string Next(Random random, int maxPieces, bool astral)
    {
        var sb = new StringBuilder();
        int pieces = random.Next(maxPieces + 1);
        for (var i = 0; i < pieces; i++)
        {
            string[] from = astral && random.Next(8) == 0 ? s_astralPieces : s_bmpPieces;
            sb.Append(from[random.Next(from.Length)]);
        }
        return sb.ToString();
    }
}
