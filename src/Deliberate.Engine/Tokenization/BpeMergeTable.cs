using System.Runtime.CompilerServices;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Merge ranks over token ids: (left id, right id) → (rank, merged id). Working on ids rather than strings makes
/// each merge step one dictionary probe with no string building.
/// </summary>
internal sealed class BpeMergeTable
{
    private readonly Dictionary<long, (int Rank, int Merged)> _pairs;

    private BpeMergeTable(Dictionary<long, (int, int)> pairs) => _pairs = pairs;

    public int Count => _pairs.Count;

    /// <summary>
    /// Builds the table from "left right" merge strings (split at the first space after position 0, as llama.cpp
    /// does). Merges whose parts or result are not in the vocabulary can never apply and are skipped.
    /// </summary>
    public static BpeMergeTable Build(string[] merges, Func<string, int> lookup)
    {
        var pairs = new Dictionary<long, (int, int)>(merges.Length);
        for (var rank = 0; rank < merges.Length; rank++)
        {
            string merge = merges[rank] ?? throw new TokenizerFormatException($"tokenizer.ggml.merges[{rank}] is null");
            int space = merge.IndexOf(' ', 1);
            if (space < 0)
                throw new TokenizerFormatException($"tokenizer.ggml.merges[{rank}]: no space separates the pair");
            string left = merge[..space], right = merge[(space + 1)..];
            int l = lookup(left), r = lookup(right), m = lookup(string.Concat(left, right));
            if (l < 0 || r < 0 || m < 0)
                continue;
            pairs.TryAdd(Key(l, r), (rank, m));
        }
        return new BpeMergeTable(pairs);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(int left, int right, out int rank, out int merged)
    {
        if (_pairs.TryGetValue(Key(left, right), out var entry))
        {
            rank = entry.Rank;
            merged = entry.Merged;
            return true;
        }
        rank = merged = 0;
        return false;
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
