using System.Buffers;
using System.Text;

namespace Deliberate.Engine.Moderation;

/// <summary>
/// A text's hashed features, as <c>training/moderation/features.py</c> defines them: its words (ASCII lowercased, as
/// UTF-8 bytes), every word (<c>w</c>+word), every neighbouring pair (<c>b</c>+word+space+word) and every byte n-gram
/// of <c>&lt;word&gt;</c> for n in [<see cref="CharMin"/>, <see cref="CharMax"/>] (<c>c</c>+gram), each hashed with
/// 32-bit FNV-1a and counted in bucket <c>hash mod buckets</c>.
/// </summary>
internal sealed class ModerationFeaturizer(int buckets, int charMin, int charMax)
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    public int Buckets { get; } = buckets;
    public int CharMin { get; } = charMin;
    public int CharMax { get; } = charMax;

    /// <summary>Adds the count of every feature of <paramref name="text"/> to <paramref name="counts"/> (bucket → count).</summary>
    public void Count(ReadOnlySpan<char> text, Dictionary<int, int> counts)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var words = new List<(int Start, int Length)>();
        try
        {
            var length = Words(text, bytes, words);
            var data = bytes.AsSpan(0, length);
            for (var i = 0; i < words.Count; i++)
            {
                var word = data.Slice(words[i].Start, words[i].Length);
                Add(counts, Hash(Step(FnvOffset, (byte)'w'), word));
                if (i + 1 < words.Count)
                {
                    var pair = Hash(Step(Hash(Step(FnvOffset, (byte)'b'), word), (byte)' '), data.Slice(words[i + 1].Start, words[i + 1].Length));
                    Add(counts, pair);
                }
            }

            foreach (var (start, wordLength) in words)
            {
                AddCharGrams(counts, data.Slice(start, wordLength));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>32-bit FNV-1a of <paramref name="data"/> (exposed for the tests' published test vectors).</summary>
    public static uint Fnv1a(ReadOnlySpan<byte> data) => Hash(FnvOffset, data);

    private void AddCharGrams(Dictionary<int, int> counts, ReadOnlySpan<byte> word)
    {
        // The gram runs over "<" + word + ">" without building it: position j of the padded word.
        var padded = word.Length + 2;
        for (var n = CharMin; n <= CharMax; n++)
        {
            for (var i = 0; i + n <= padded; i++)
            {
                var h = Step(FnvOffset, (byte)'c');
                for (var j = i; j < i + n; j++)
                {
                    h = Step(h, j == 0 ? (byte)'<' : j == padded - 1 ? (byte)'>' : word[j - 1]);
                }

                Add(counts, h);
            }
        }
    }

    private void Add(Dictionary<int, int> counts, uint hash)
    {
        var bucket = (int)(hash % (uint)Buckets);
        counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
    }

    /// <summary>Writes the words' UTF-8 bytes one after another into <paramref name="bytes"/>; returns the bytes written.</summary>
    private static int Words(ReadOnlySpan<char> text, byte[] bytes, List<(int Start, int Length)> words)
    {
        int written = 0, start = -1;
        foreach (var rune in text.EnumerateRunes())
        {
            if (ModerationText.IsApostrophe(rune.Value))
            {
                continue;
            }

            if (ModerationText.IsWordRune(rune))
            {
                start = start < 0 ? written : start;
                var lowered = rune.Value is >= 'A' and <= 'Z' ? new Rune(rune.Value + 32) : rune;
                written += lowered.EncodeToUtf8(bytes.AsSpan(written));
            }
            else if (start >= 0)
            {
                words.Add((start, written - start));
                start = -1;
            }
        }

        if (start >= 0)
        {
            words.Add((start, written - start));
        }

        return written;
    }

    private static uint Hash(uint h, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            h = Step(h, b);
        }

        return h;
    }

    private static uint Step(uint h, byte b) => unchecked((h ^ b) * FnvPrime);
}
