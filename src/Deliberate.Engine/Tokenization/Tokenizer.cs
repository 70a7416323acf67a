using System.Buffers;
using System.Text;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Text to token ids and back for one vocabulary. Build one with <see cref="Create"/> from <see cref="TokenizerData"/>
/// (from a GGUF file or a converted <c>tokenizer.json</c>). Instances are immutable and safe to share between threads.
/// </summary>
public abstract class Tokenizer
{
    private readonly string[] _tokens;
    private readonly TokenType[] _types;
    private readonly byte[][] _tokenBytes;
    private readonly SpecialTokenMatcher _specials;
    private readonly Dictionary<string, int> _specialByText;

    private protected Tokenizer(TokenizerData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Tokens is null || data.TokenTypes is null || data.Tokens.Length != data.TokenTypes.Length)
            throw new TokenizerFormatException("tokenizer: tokens and token types must be present and of equal length");
        if (data.Tokens.Length == 0)
            throw new TokenizerFormatException("tokenizer: the vocabulary is empty");
        Data = data;
        _tokens = data.Tokens;
        _types = new TokenType[_tokens.Length];
        for (var i = 0; i < _types.Length; i++)
        {
            if (_tokens[i] is null)
                throw new TokenizerFormatException($"tokenizer: token {i} is null");
            int t = data.TokenTypes[i];
            _types[i] = t is >= 0 and <= 6 ? (TokenType)t : TokenType.Normal;
        }
        BosId = CheckId(data.BosId, "bos");
        EosId = CheckId(data.EosId, "eos");
        UnknownId = CheckId(data.UnknownId, "unknown");
        PaddingId = CheckId(data.PaddingId, "padding");
        AddEos = data.AddEos ?? false;

        var specials = new List<(string, int, bool)>();
        _specialByText = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _types.Length; i++)
        {
            if (_types[i] is TokenType.Control or TokenType.UserDefined or TokenType.Unknown)
            {
                specials.Add((_tokens[i], i, _types[i] != TokenType.UserDefined));
                _specialByText.TryAdd(_tokens[i], i);
            }
        }
        _specials = new SpecialTokenMatcher(specials);
        EndOfGenerationIds = BuildEndOfGeneration(data);
        _tokenBytes = new byte[_tokens.Length][];
    }

    /// <summary>The data this tokenizer was built from.</summary>
    public TokenizerData Data { get; }

    /// <summary>The number of token ids.</summary>
    public int VocabSize => _tokens.Length;

    public int? BosId { get; }

    public int? EosId { get; }

    public int? UnknownId { get; }

    public int? PaddingId { get; }

    /// <summary>Whether <see cref="Encode(string, bool, bool)"/> with <c>addSpecial</c> prepends <see cref="BosId"/>.</summary>
    public bool AddBos { get; private protected set; }

    /// <summary>Whether <see cref="Encode(string, bool, bool)"/> with <c>addSpecial</c> appends <see cref="EosId"/>.</summary>
    public bool AddEos { get; }

    /// <summary>Ids that end generation: EOS, EOT, EOM and the well-known end markers (llama.cpp's EOG set).</summary>
    public IReadOnlySet<int> EndOfGenerationIds { get; }

    /// <summary>Builds the tokenizer for <see cref="TokenizerData.Model"/>.</summary>
    /// <exception cref="TokenizerFormatException">The data is inconsistent or names an unsupported model or pre-tokenizer.</exception>
    public static Tokenizer Create(TokenizerData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Model switch
        {
            TokenizerData.Gpt2Model => new ByteLevelBpeTokenizer(data),
            TokenizerData.LlamaModel => new SentencePieceBpeTokenizer(data),
            _ => throw new TokenizerFormatException($"tokenizer.ggml.model: unsupported tokenizer model '{data.Model}'"),
        };
    }

    /// <summary>The vocabulary string of a token, as stored (byte-level alphabet or '▁' spelling).</summary>
    public string GetTokenText(int id) => _tokens[CheckRange(id)];

    public TokenType GetTokenType(int id) => _types[CheckRange(id)];

    /// <summary>True for control tokens (BOS, EOS, <c>&lt;|im_start|&gt;</c>...), which never occur inside ordinary text.</summary>
    public bool IsControl(int id) => _types[CheckRange(id)] == TokenType.Control;

    /// <summary>The raw bytes a token decodes to (control and user-defined tokens: their text in UTF-8).</summary>
    public ReadOnlySpan<byte> GetTokenBytes(int id) => TokenBytesCached(CheckRange(id));

    /// <summary>A copy of the raw bytes a token decodes to.</summary>
    public byte[] TokenBytes(int id) => GetTokenBytes(id).ToArray();

    /// <summary>
    /// The id of the token whose decoded text is exactly <paramref name="text"/> (special tokens by their literal
    /// text), or null.
    /// </summary>
    public int? FindToken(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _specialByText.TryGetValue(text, out int id) ? id : FindOrdinaryToken(text);
    }

    /// <summary>Encodes text to token ids.</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecial">Add BOS/EOS as the model's settings ask.</param>
    /// <param name="parseSpecial">Map control tokens written in the text (<c>&lt;|im_start|&gt;</c>) to their ids; otherwise they are encoded as plain text. User-defined tokens are always matched.</param>
    public int[] Encode(string text, bool addSpecial = true, bool parseSpecial = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<int>(text.Length / 3 + 4);
        Encode(text.AsSpan(), output, addSpecial, parseSpecial);
        return output.ToArray();
    }

    /// <summary>Encodes text, appending the ids to <paramref name="output"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> output, bool addSpecial = true, bool parseSpecial = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (addSpecial && AddBos && BosId is int bos)
            output.Add(bos);
        int pos = 0;
        bool afterSpecial = true;
        while (pos < text.Length)
        {
            int position = 0, length = 0, id = 0;
            bool found = !_specials.IsEmpty && _specials.FindNext(text, pos, parseSpecial, out position, out length, out id);
            int end = found ? position : text.Length;
            if (end > pos)
            {
                EncodeOrdinary(text[pos..end], output, afterSpecial);
                afterSpecial = false;
            }
            if (!found)
                break;
            output.Add(id);
            afterSpecial = true;
            pos = position + length;
        }
        if (addSpecial && AddEos && EosId is int eos)
            output.Add(eos);
    }

    /// <summary>Decodes ids to text; invalid UTF-8 becomes U+FFFD.</summary>
    /// <param name="ids">The token ids.</param>
    /// <param name="renderSpecial">Write control tokens as their text; otherwise drop them.</param>
    public string Decode(ReadOnlySpan<int> ids, bool renderSpecial = true)
    {
        long total = 0;
        foreach (int id in ids)
            total += GetTokenBytes(id).Length;
        if (total > Array.MaxLength)
            throw new ArgumentException("the decoded text would exceed the largest array", nameof(ids));
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(total, 1));
        try
        {
            int length = 0;
            bool first = true;
            foreach (int id in ids)
            {
                if (!renderSpecial && IsControl(id))
                    continue;
                ReadOnlySpan<byte> piece = GetTokenBytes(id);
                if (first && StripsLeadingSpace && piece.Length > 0 && piece[0] == (byte)' ' && _types[id] != TokenType.Control)
                    piece = piece[1..];
                first = false;
                piece.CopyTo(buffer.AsSpan(length));
                length += piece.Length;
            }
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A decoder that turns tokens into text one at a time, holding back incomplete UTF-8 sequences.</summary>
    public StreamingDecoder CreateStreamingDecoder(bool renderSpecial = true) => new(this, renderSpecial);

    /// <summary>True when decoding drops the space the encoder prefixed to the text (SentencePiece's add_space_prefix).</summary>
    internal virtual bool StripsLeadingSpace => false;

    /// <summary>Encodes text that contains no special tokens.</summary>
    /// <param name="text">The span.</param>
    /// <param name="output">Where ids go.</param>
    /// <param name="afterSpecial">True at the start of the text and right after a special token.</param>
    private protected abstract void EncodeOrdinary(ReadOnlySpan<char> text, List<int> output, bool afterSpecial);

    /// <summary>The raw bytes of an ordinary (normal, byte, unknown, unused) token.</summary>
    private protected abstract byte[] ComputeOrdinaryTokenBytes(int id);

    private protected abstract int? FindOrdinaryToken(string text);

    private byte[] TokenBytesCached(int id)
    {
        byte[]? bytes = Volatile.Read(ref _tokenBytes[id]);
        if (bytes is null)
        {
            bytes = _types[id] is TokenType.Control or TokenType.UserDefined
                ? Encoding.UTF8.GetBytes(_tokens[id])
                : ComputeOrdinaryTokenBytes(id);
            Volatile.Write(ref _tokenBytes[id], bytes);
        }
        return bytes;
    }

    private int CheckRange(int id)
    {
        if ((uint)id >= (uint)_tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"token id outside the vocabulary of {_tokens.Length}");
        return id;
    }

    private int? CheckId(int? id, string name)
    {
        if (id is int v && (uint)v >= (uint)_tokens.Length)
            throw new TokenizerFormatException($"tokenizer: {name} token id {v} is outside the vocabulary of {_tokens.Length}");
        return id;
    }

    private HashSet<int> BuildEndOfGeneration(TokenizerData data)
    {
        var set = new HashSet<int>();
        foreach (int? id in new[] { data.EosId, data.EotId, data.EomId })
        {
            if (id is int v && (uint)v < (uint)_tokens.Length)
                set.Add(v);
        }
        // llama.cpp marks these texts as end of generation wherever they are special tokens.
        string[] markers =
        [
            "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
            "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
            "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
        ];
        foreach (string marker in markers)
        {
            if (_specialByText.TryGetValue(marker, out int id))
                set.Add(id);
        }
        // Harmony (gpt-oss) and solar-open: <|end|> closes a message, not the turn.
        bool Has(string text) => _specialByText.TryGetValue(text, out int i) && set.Contains(i);
        if (((Has("<|return|>") && Has("<|call|>")) || (Has("<|calls|>") && Has("<|flush|>"))) && _specialByText.TryGetValue("<|end|>", out int end))
            set.Remove(end);
        // Gemma 4: </s> is not an end marker when <|tool_response> is.
        if (Has("<|tool_response>") && _specialByText.TryGetValue("</s>", out int s))
            set.Remove(s);
        return set;
    }
}
