namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Applies BPE merges to one pre-token's symbols in place: repeatedly merge the adjacent pair with the lowest rank,
/// leftmost on ties. Short words use a linear scan over a rank array (cache-friendly, no allocation); long ones a
/// priority queue over a linked list so hostile input (a 100k-letter "word") stays O(n log n).
/// </summary>
internal static class BpeWordMerger
{
    // Above this many symbols the O(n²) scan loses to the heap; typical words have under 20 bytes.
    private const int LinearLimit = 96;

    /// <summary>Merges <paramref name="symbols"/> in place and returns the new length.</summary>
    public static int Merge(Span<int> symbols, BpeMergeTable merges) =>
        symbols.Length <= 1 ? symbols.Length : symbols.Length <= LinearLimit ? MergeLinear(symbols, merges) : MergeWithHeap(symbols, merges);

    internal static int MergeLinear(Span<int> symbols, BpeMergeTable merges)
    {
        int n = symbols.Length;
        if (n <= 1)
            return n;
        Span<int> ranks = stackalloc int[LinearLimit];
        Span<int> results = stackalloc int[LinearLimit];
        for (var i = 0; i < n - 1; i++)
            ranks[i] = merges.TryGet(symbols[i], symbols[i + 1], out int rank, out results[i]) ? rank : int.MaxValue;
        while (n > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (var i = 0; i < n - 1; i++)
            {
                if (ranks[i] < bestRank)
                {
                    bestRank = ranks[i];
                    best = i;
                }
            }
            if (best < 0)
                break;
            symbols[best] = results[best];
            // Remove symbol best+1 and pair best (its rank is recomputed below).
            symbols[(best + 2)..n].CopyTo(symbols[(best + 1)..]);
            ranks[(best + 1)..(n - 1)].CopyTo(ranks[best..]);
            results[(best + 1)..(n - 1)].CopyTo(results[best..]);
            n--;
            if (best > 0)
                ranks[best - 1] = merges.TryGet(symbols[best - 1], symbols[best], out int r, out results[best - 1]) ? r : int.MaxValue;
            if (best < n - 1)
                ranks[best] = merges.TryGet(symbols[best], symbols[best + 1], out int r, out results[best]) ? r : int.MaxValue;
        }
        return n;
    }

    internal static int MergeWithHeap(Span<int> symbols, BpeMergeTable merges)
    {
        int n = symbols.Length;
        if (n <= 1)
            return n;
        var next = new int[n];
        var prev = new int[n];
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        // Entries are validated lazily: a pair is stale once either side has changed.
        var heap = new PriorityQueue<(int Left, int LeftId, int Right, int RightId, int Merged), (int Rank, int Left)>();
        void Push(Span<int> s, int left, int right)
        {
            if (left >= 0 && right >= 0 && merges.TryGet(s[left], s[right], out int rank, out int merged))
                heap.Enqueue((left, s[left], right, s[right], merged), (rank, left));
        }
        for (var i = 0; i + 1 < n; i++)
            Push(symbols, i, i + 1);
        while (heap.TryDequeue(out var e, out _))
        {
            if (symbols[e.Left] != e.LeftId || next[e.Left] != e.Right || symbols[e.Right] != e.RightId)
                continue;
            symbols[e.Left] = e.Merged;
            symbols[e.Right] = -1;
            int after = next[e.Right];
            next[e.Left] = after;
            if (after >= 0)
                prev[after] = e.Left;
            Push(symbols, prev[e.Left], e.Left);
            Push(symbols, e.Left, after);
        }
        int count = 0;
        for (int i = 0; i >= 0; i = next[i])
            symbols[count++] = symbols[i];
        return count;
    }
}
