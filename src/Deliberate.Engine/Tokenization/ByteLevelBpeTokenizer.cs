using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Byte-level BPE (<c>tokenizer.ggml.model = gpt2</c>): split by the pre-tokenizer, UTF-8 encode each piece, start
/// from one symbol per byte and merge by rank (docs/engine.md#byte-level-bpe-and-pre-tokenizers). Repeated pieces
/// hit a per-tokenizer cache.
/// </summary>
internal sealed class ByteLevelBpeTokenizer : Tokenizer
{
    // Pieces longer than this are not cached (rare, and would let hostile input grow the cache without bound).
    private const int MaxCachedPieceLength = 64;

    // Stop adding to the cache past this many entries; real text saturates well below it.
    private const int MaxCacheEntries = 1 << 18;

    // Pieces up to this many UTF-8 bytes use stack buffers; longer ones rent.
    private const int StackBytes = 256;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly int[] _byteTokens = new int[256];
    private readonly BpeMergeTable _merges;
    private readonly PreTokenizer _preTokenizer;
    private readonly bool _ignoreMerges;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;

    public ByteLevelBpeTokenizer(TokenizerData data)
        : base(data)
    {
        _preTokenizer = PreTokenizer.Create(data.PreTokenizer);
        _ignoreMerges = PreTokenizerIds.IgnoresMerges(data.PreTokenizer);
        AddBos = data.AddBos ?? PreTokenizerIds.AddsBos(data.PreTokenizer);

        _vocab = new Dictionary<string, int>(data.Tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < data.Tokens.Length; i++)
        {
            if (GetTokenType(i) is TokenType.Normal or TokenType.Undefined or TokenType.Byte)
                _vocab.TryAdd(data.Tokens[i], i);
        }
        _vocabBySpan = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var b = 0; b < 256; b++)
            _byteTokens[b] = _vocab.TryGetValue(ByteLevelAlphabet.ToChar((byte)b).ToString(), out int id) ? id : -1;
        _merges = BpeMergeTable.Build(data.Merges ?? [], s => _vocab.TryGetValue(s, out int id) ? id : -1);
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private protected override void EncodeOrdinary(ReadOnlySpan<char> text, List<int> output, bool afterSpecial)
    {
        int pos = 0;
        while (pos < text.Length)
        {
            int end = _preTokenizer.NextEnd(text, pos);
            EncodePiece(text[pos..end], output);
            pos = end;
        }
    }

    private void EncodePiece(ReadOnlySpan<char> piece, List<int> output)
    {
        if (_cacheBySpan.TryGetValue(piece, out int[]? cached))
        {
            output.AddRange(cached);
            return;
        }

        int maxBytes = Encoding.UTF8.GetMaxByteCount(piece.Length);
        byte[]? rentedBytes = null;
        int[]? rentedSymbols = null;
        char[]? rentedChars = null;
        Span<byte> bytes = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int n = Encoding.UTF8.GetBytes(piece, bytes);
            bytes = bytes[..n];
            Span<int> symbols = n <= StackBytes ? stackalloc int[StackBytes] : (rentedSymbols = ArrayPool<int>.Shared.Rent(n));
            symbols = symbols[..n];
            int count;
            if (_ignoreMerges && FindWhole(bytes, ref rentedChars) is int whole)
            {
                symbols[0] = whole;
                count = 1;
            }
            else
            {
                count = 0;
                foreach (byte b in bytes)
                {
                    int id = _byteTokens[b];
                    if (id >= 0)
                        symbols[count++] = id;
                    else if (UnknownId is int unk)
                        symbols[count++] = unk;
                }
                count = BpeWordMerger.Merge(symbols[..count], _merges);
            }
            ReadOnlySpan<int> result = symbols[..count];
            foreach (int id in result)
                output.Add(id);
            if (piece.Length <= MaxCachedPieceLength && _cache.Count < MaxCacheEntries)
                _cacheBySpan.TryAdd(piece, result.ToArray());
        }
        finally
        {
            if (rentedBytes is not null)
                ArrayPool<byte>.Shared.Return(rentedBytes);
            if (rentedSymbols is not null)
                ArrayPool<int>.Shared.Return(rentedSymbols);
            if (rentedChars is not null)
                ArrayPool<char>.Shared.Return(rentedChars);
        }
    }

    /// <summary>The token spelling the whole piece (ignore_merges), or null.</summary>
    private int? FindWhole(ReadOnlySpan<byte> bytes, ref char[]? rented)
    {
        Span<char> chars = bytes.Length <= StackBytes ? stackalloc char[StackBytes] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        chars = chars[..bytes.Length];
        ByteLevelAlphabet.Encode(bytes, chars);
        return _vocabBySpan.TryGetValue(chars, out int id) ? id : null;
    }

    private protected override byte[] ComputeOrdinaryTokenBytes(int id) =>
        ByteLevelAlphabet.TryDecode(GetTokenText(id)) ?? Encoding.UTF8.GetBytes(GetTokenText(id));

    private protected override int? FindOrdinaryToken(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        ByteLevelAlphabet.Encode(bytes, chars);
        return _vocab.TryGetValue(new string(chars), out int id) ? id : null;
    }
}
