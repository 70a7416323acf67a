using System.Buffers;
using System.Text;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// SentencePiece BPE (<c>tokenizer.ggml.model = llama</c>), as llama.cpp's <c>llm_tokenizer_spm</c>: spaces become
/// '▁', a '▁' is prefixed at the start and after special tokens (add_space_prefix), code points are merged greedily by
/// the highest score of the merged piece (leftmost on ties), and pieces not in the vocabulary fall back to
/// <c>&lt;0xNN&gt;</c> byte tokens.
/// </summary>
internal sealed class SentencePieceBpeTokenizer : Tokenizer
{
    private const char SpaceMark = '\u2581';

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly float[] _scores;
    private readonly int[] _byteTokens = new int[256];
    private readonly bool _addSpacePrefix;

    public SentencePieceBpeTokenizer(TokenizerData data)
        : base(data)
    {
        if (data.Scores is not null && data.Scores.Length != data.Tokens.Length)
            throw new TokenizerFormatException("tokenizer.ggml.scores: length differs from the token count");
        _scores = data.Scores ?? new float[data.Tokens.Length];
        _addSpacePrefix = data.AddSpacePrefix ?? true;
        AddBos = data.AddBos ?? true;
        _vocab = new Dictionary<string, int>(data.Tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < data.Tokens.Length; i++)
            _vocab.TryAdd(data.Tokens[i], i);
        _vocabBySpan = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        Array.Fill(_byteTokens, -1);
        for (var i = 0; i < data.Tokens.Length; i++)
        {
            if (GetTokenType(i) == TokenType.Byte && TryParseByteToken(data.Tokens[i], out byte b))
                _byteTokens[b] = i;
        }
    }

    internal override bool StripsLeadingSpace => _addSpacePrefix;

    private protected override void EncodeOrdinary(ReadOnlySpan<char> text, List<int> output, bool afterSpecial)
    {
        int prefix = _addSpacePrefix && afterSpecial ? 1 : 0;
        int length = text.Length + prefix;
        char[] buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            Span<char> s = buffer.AsSpan(0, length);
            if (prefix == 1)
                s[0] = SpaceMark;
            text.CopyTo(s[prefix..]);
            s[prefix..].Replace(' ', SpaceMark);
            Tokenize(s, output);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private void Tokenize(ReadOnlySpan<char> s, List<int> output)
    {
        // Symbols are code points at first; a merged symbol spans [start, start+length) of s.
        int count = 0;
        var start = new int[s.Length];
        var len = new int[s.Length];
        for (int i = 0; i < s.Length;)
        {
            CodePoints.At(s, i, out int w);
            start[count] = i;
            len[count] = w;
            count++;
            i += w;
        }
        var next = new int[count];
        var prev = new int[count];
        for (var i = 0; i < count; i++)
        {
            next[i] = i + 1 < count ? i + 1 : -1;
            prev[i] = i - 1;
        }
        // Highest score first, then leftmost; entries whose sides changed are skipped when popped.
        var queue = new PriorityQueue<(int Left, int Right, int Size), (float NegScore, int Left)>();
        void TryAdd(ReadOnlySpan<char> text, int left, int right)
        {
            if (left < 0 || right < 0)
                return;
            int size = len[left] + len[right];
            if (_vocabBySpan.TryGetValue(text.Slice(start[left], size), out int id))
                queue.Enqueue((left, right, size), (-_scores[id], left));
        }
        for (var i = 0; i + 1 < count; i++)
            TryAdd(s, i, i + 1);
        while (queue.TryDequeue(out var bigram, out _))
        {
            if (len[bigram.Left] == 0 || len[bigram.Right] == 0 || len[bigram.Left] + len[bigram.Right] != bigram.Size || next[bigram.Left] != bigram.Right)
                continue;
            len[bigram.Left] += len[bigram.Right];
            len[bigram.Right] = 0;
            int after = next[bigram.Right];
            next[bigram.Left] = after;
            if (after >= 0)
                prev[after] = bigram.Left;
            TryAdd(s, prev[bigram.Left], bigram.Left);
            TryAdd(s, bigram.Left, after);
        }
        Span<byte> bytes = stackalloc byte[16];
        for (int i = count > 0 ? 0 : -1; i >= 0; i = next[i])
        {
            ReadOnlySpan<char> piece = s.Slice(start[i], len[i]);
            if (_vocabBySpan.TryGetValue(piece, out int id))
            {
                output.Add(id);
                continue;
            }
            // Byte fallback: one <0xNN> token per UTF-8 byte.
            int n = Encoding.UTF8.GetBytes(piece, bytes);
            foreach (byte b in bytes[..n])
            {
                if (_byteTokens[b] >= 0)
                    output.Add(_byteTokens[b]);
                else if (UnknownId is int unk)
                    output.Add(unk);
            }
        }
    }

    private protected override byte[] ComputeOrdinaryTokenBytes(int id)
    {
        string text = GetTokenText(id);
        if (GetTokenType(id) == TokenType.Byte && TryParseByteToken(text, out byte b))
            return [b];
        return Encoding.UTF8.GetBytes(text.Replace(SpaceMark, ' '));
    }

    private protected override int? FindOrdinaryToken(string text) =>
        _vocab.TryGetValue(text.Replace(' ', SpaceMark), out int id) ? id : null;

    private static bool TryParseByteToken(string text, out byte value)
    {
        value = 0;
        return text.Length == 6 && text.StartsWith("<0x", StringComparison.Ordinal) && text[5] == '>'
            && byte.TryParse(text.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out value);
    }
}
