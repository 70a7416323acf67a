namespace Deliberate.Engine.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character map: printable bytes (0x21-0x7E, 0xA1-0xAC, 0xAE-0xFF) map to themselves,
/// the other 68 map in order to U+0100 onwards (so a space is 'Ġ' U+0120). Byte-level vocabularies are spelled in it.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly short[] s_charToByte = BuildCharToByte();

    public static char ToChar(byte b) => s_byteToChar[b];

    /// <summary>The byte a character of the alphabet stands for, or -1 for a character outside it.</summary>
    public static int ToByte(char c) => c < s_charToByte.Length ? s_charToByte[c] : -1;

    /// <summary>Decodes a vocabulary string to its bytes; null when a character is outside the alphabet.</summary>
    public static byte[]? TryDecode(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            int b = ToByte(token[i]);
            if (b < 0)
                return null;
            bytes[i] = (byte)b;
        }
        return bytes;
    }

    /// <summary>Encodes bytes to their alphabet spelling.</summary>
    public static void Encode(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
            destination[i] = s_byteToChar[bytes[i]];
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            bool printable = b is >= 0x21 and <= 0x7E or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[324];
        Array.Fill(map, (short)-1);
        for (var b = 0; b < 256; b++)
            map[s_byteToChar[b]] = (short)b;
        return map;
    }
}
