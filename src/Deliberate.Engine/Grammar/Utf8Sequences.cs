namespace Deliberate.Engine.Grammar;

/// <summary>
/// Splits a range of Unicode scalar values into UTF-8 byte-range sequences, so that a character class
/// becomes a small byte automaton (the classic utf8-ranges construction). Surrogates are never produced.
/// </summary>
internal static class Utf8Sequences
{
    /// <summary>Adds to <paramref name="output"/> one sequence of (lo, hi) byte ranges per piece of [lo, hi].</summary>
    public static void Split(int lo, int hi, List<(byte Lo, byte Hi)[]> output)
    {
        if (lo > hi)
            return;
        // Surrogates are not scalar values; skip them.
        if (lo <= 0xDFFF && hi >= 0xD800)
        {
            Split(lo, 0xD7FF, output);
            Split(0xE000, hi, output);
            return;
        }
        int[] limits = [0x7F, 0x7FF, 0xFFFF, 0x10FFFF];
        foreach (var limit in limits)
        {
            if (lo <= limit && hi > limit)
            {
                Split(lo, limit, output);
                Split(limit + 1, hi, output);
                return;
            }
        }
        if (hi <= 0x7F)
        {
            output.Add([((byte)lo, (byte)hi)]);
            return;
        }
        var n = hi <= 0x7FF ? 2 : hi <= 0xFFFF ? 3 : 4;
        for (var i = 1; i < n; i++)
        {
            var m = (1 << (6 * i)) - 1;
            if ((lo & ~m) != (hi & ~m))
            {
                if ((lo & m) != 0)
                {
                    Split(lo, lo | m, output);
                    Split((lo | m) + 1, hi, output);
                    return;
                }
                if ((hi & m) != m)
                {
                    Split(lo, (hi & ~m) - 1, output);
                    Split(hi & ~m, hi, output);
                    return;
                }
            }
        }
        Span<byte> a = stackalloc byte[4];
        Span<byte> b = stackalloc byte[4];
        Encode(lo, a);
        Encode(hi, b);
        var seq = new (byte, byte)[n];
        for (var i = 0; i < n; i++)
            seq[i] = (a[i], b[i]);
        output.Add(seq);
    }

    private static int Encode(int cp, Span<byte> dst)
    {
        if (cp <= 0x7F)
        {
            dst[0] = (byte)cp;
            return 1;
        }
        if (cp <= 0x7FF)
        {
            dst[0] = (byte)(0xC0 | (cp >> 6));
            dst[1] = (byte)(0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp <= 0xFFFF)
        {
            dst[0] = (byte)(0xE0 | (cp >> 12));
            dst[1] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            dst[2] = (byte)(0x80 | (cp & 0x3F));
            return 3;
        }
        dst[0] = (byte)(0xF0 | (cp >> 18));
        dst[1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
        dst[2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
        dst[3] = (byte)(0x80 | (cp & 0x3F));
        return 4;
    }
}
