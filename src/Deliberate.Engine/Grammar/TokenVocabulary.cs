namespace Deliberate.Engine.Grammar;

/// <summary>
/// A tokenizer's vocabulary as the grammar sees it: the UTF-8 bytes of each token, which ids end generation,
/// and which are special (control tokens, never allowed inside JSON). Built once per tokenizer and shared by
/// every grammar; holds the byte trie that token masks are computed over.
/// </summary>
public sealed class TokenVocabulary
{
    private readonly byte[] _data;
    private readonly int[] _offsets;
    private readonly ReadOnlyMemory<byte>[] _slices;

    private TokenVocabulary(byte[] data, int[] offsets, int[] endOfGeneration, bool[] excluded)
    {
        _data = data;
        _offsets = offsets;
        Count = offsets.Length - 1;
        EndOfGenerationIds = endOfGeneration;
        _slices = new ReadOnlyMemory<byte>[Count];
        for (var i = 0; i < Count; i++)
            _slices[i] = new ReadOnlyMemory<byte>(_data, _offsets[i], _offsets[i + 1] - _offsets[i]);
        var entries = new List<(int, int)>(Count);
        for (var i = 0; i < Count; i++)
        {
            if (!excluded[i] && _slices[i].Length > 0)
                entries.Add((i, 0));
        }
        IsExcluded = excluded;
        Trie = TokenTrie.Build(entries, id => _slices[id]);
    }

    /// <summary>
    /// Creates the vocabulary. <paramref name="tokenBytes"/>[id] is the byte string token id decodes to.
    /// End-of-generation ids are allowed exactly when the grammar can accept; special ids (and end-of-generation
    /// ids, and tokens with no bytes) are never allowed inside the JSON.
    /// </summary>
    public static TokenVocabulary Create(IReadOnlyList<byte[]> tokenBytes, IReadOnlySet<int> endOfGenerationIds, ISet<int> specialIds)
    {
        ArgumentNullException.ThrowIfNull(tokenBytes);
        ArgumentNullException.ThrowIfNull(endOfGenerationIds);
        ArgumentNullException.ThrowIfNull(specialIds);
        var offsets = new int[tokenBytes.Count + 1];
        long total = 0;
        for (var i = 0; i < tokenBytes.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(tokenBytes[i]);
            total += tokenBytes[i].Length;
        }
        if (total > int.MaxValue)
            throw new ArgumentException("vocabulary bytes exceed 2 GiB", nameof(tokenBytes));
        var data = new byte[total];
        var at = 0;
        for (var i = 0; i < tokenBytes.Count; i++)
        {
            offsets[i] = at;
            tokenBytes[i].CopyTo(data, at);
            at += tokenBytes[i].Length;
        }
        offsets[^1] = at;
        var excluded = new bool[tokenBytes.Count];
        foreach (var id in specialIds)
        {
            if ((uint)id < (uint)excluded.Length)
                excluded[id] = true;
        }
        var eog = new List<int>();
        foreach (var id in endOfGenerationIds)
        {
            if ((uint)id >= (uint)excluded.Length)
                throw new ArgumentOutOfRangeException(nameof(endOfGenerationIds), $"end-of-generation id {id} is outside the vocabulary");
            excluded[id] = true;
            eog.Add(id);
        }
        eog.Sort();
        return new TokenVocabulary(data, offsets, [.. eog], excluded);
    }

    /// <summary>Number of token ids.</summary>
    public int Count { get; }

    /// <summary>Length in 64-bit words of a token bitset (<see cref="GrammarMatcher.FillMask"/>).</summary>
    public int MaskLength => (Count + 63) >> 6;

    /// <summary>Ids that end generation (sorted).</summary>
    public IReadOnlyList<int> EndOfGenerationIds { get; }

    /// <summary>The bytes of a token.</summary>
    public ReadOnlySpan<byte> GetTokenBytes(int id) => _slices[id].Span;

    internal ReadOnlyMemory<byte> GetTokenMemory(int id) => _slices[id];

    internal bool[] IsExcluded { get; }

    /// <summary>
    /// The longest allowed token (not special, not end-of-generation) whose bytes start <paramref name="bytes"/>, the
    /// lowest id among equal ones; returns its length, 0 when no token starts with the first byte.
    /// </summary>
    internal int LongestTokenPrefix(ReadOnlySpan<byte> bytes, out int token)
    {
        var trie = Trie;
        token = -1;
        var length = 0;
        var node = TokenTrie.Root;
        for (var depth = 0; depth < bytes.Length; depth++)
        {
            var child = -1;
            for (var e = trie.EdgeStart[node]; e < trie.EdgeStart[node + 1]; e++)
            {
                if (trie.EdgeByte[e] == bytes[depth])
                {
                    child = trie.EdgeNode[e];
                    break;
                }
            }

            if (child < 0)
                break;
            node = child;
            if (trie.TokenStart[node] < trie.TokenStart[node + 1])
            {
                token = trie.NodeTokens[trie.TokenStart[node]];
                length = depth + 1;
            }
        }

        return length;
    }

    /// <summary>Bound on <see cref="SharedMasks"/> (each entry holds up to one bitset over the vocabulary).</summary>
    internal const int MaxSharedMasks = 1024;

    /// <summary>Precomputed state masks shared across grammars, keyed by <see cref="SmallAutomatonSignature"/>.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, InsideMask> SharedMasks { get; } = new(StringComparer.Ordinal);

    internal TokenTrie Trie { get; }
}
