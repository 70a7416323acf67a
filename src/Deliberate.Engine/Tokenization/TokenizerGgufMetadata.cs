using Deliberate.Engine.Gguf;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Maps <see cref="TokenizerData"/> to and from GGUF's <c>tokenizer.*</c> keys (docs/engine.md#gguf-keys). Values are plain
/// .NET values, as a GGUF writer or reader carries them: <see cref="string"/>, <see cref="string"/>[], <see cref="int"/>[],
/// <see cref="float"/>[], <see cref="uint"/> and <see cref="bool"/>.
/// </summary>
public static class TokenizerGgufMetadata
{
    public const string ModelKey = "tokenizer.ggml.model";
    public const string PreKey = "tokenizer.ggml.pre";
    public const string TokensKey = "tokenizer.ggml.tokens";
    public const string TokenTypeKey = "tokenizer.ggml.token_type";
    public const string ScoresKey = "tokenizer.ggml.scores";
    public const string MergesKey = "tokenizer.ggml.merges";
    public const string BosKey = "tokenizer.ggml.bos_token_id";
    public const string EosKey = "tokenizer.ggml.eos_token_id";
    public const string EotKey = "tokenizer.ggml.eot_token_id";
    public const string EomKey = "tokenizer.ggml.eom_token_id";
    public const string UnknownKey = "tokenizer.ggml.unknown_token_id";
    public const string PaddingKey = "tokenizer.ggml.padding_token_id";
    public const string AddBosKey = "tokenizer.ggml.add_bos_token";
    public const string AddEosKey = "tokenizer.ggml.add_eos_token";
    public const string AddSpacePrefixKey = "tokenizer.ggml.add_space_prefix";
    public const string ChatTemplateKey = "tokenizer.chat_template";

    /// <summary>The GGUF entries for a tokenizer, in the order convert_hf_to_gguf.py writes them.</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> For(TokenizerData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var entries = new List<KeyValuePair<string, object>> { new(ModelKey, data.Model) };
        if (data.PreTokenizer is not null)
            entries.Add(new(PreKey, data.PreTokenizer));
        entries.Add(new(TokensKey, data.Tokens));
        if (data.Scores is not null)
            entries.Add(new(ScoresKey, data.Scores));
        entries.Add(new(TokenTypeKey, data.TokenTypes));
        if (data.Merges is not null)
            entries.Add(new(MergesKey, data.Merges));
        void Id(string key, int? id)
        {
            if (id is int v)
                entries.Add(new(key, (uint)v));
        }
        Id(BosKey, data.BosId);
        Id(EosKey, data.EosId);
        Id(EotKey, data.EotId);
        Id(EomKey, data.EomId);
        Id(UnknownKey, data.UnknownId);
        Id(PaddingKey, data.PaddingId);
        if (data.AddBos is bool addBos)
            entries.Add(new(AddBosKey, addBos));
        if (data.AddEos is bool addEos)
            entries.Add(new(AddEosKey, addEos));
        if (data.AddSpacePrefix is bool addSpace)
            entries.Add(new(AddSpacePrefixKey, addSpace));
        if (data.ChatTemplate is not null)
            entries.Add(new(ChatTemplateKey, data.ChatTemplate));
        return entries;
    }

    /// <summary>Adds the tokenizer's entries to a GGUF file being written.</summary>
    public static GgufWriter WriteTo(TokenizerData data, GgufWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var (key, value) in For(data))
            writer.Add(key, value);
        return writer;
    }

    /// <summary>Reads tokenizer data from a GGUF file's metadata.</summary>
    /// <exception cref="TokenizerFormatException">A tokenizer key is missing or inconsistent.</exception>
    /// <exception cref="GgufFormatException">A tokenizer key has the wrong GGUF type.</exception>
    public static TokenizerData Read(GgufMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return Read(key =>
        {
            if (!metadata.TryGetValue(key, out GgufValue? value))
                return null;
            // Token types may be stored with any integer element type; ids as any integer scalar.
            if (key == TokenTypeKey)
                return metadata.TryGetInt32Array(key);
            return value.AsInteger() is long integer ? integer : value.Value;
        });
    }

    /// <summary>
    /// Reads tokenizer data from GGUF metadata, given a lookup that returns a key's value (or null when absent).
    /// Applies llama.cpp's defaults for absent keys (SentencePiece: BOS 1, EOS 2, UNK 0).
    /// </summary>
    /// <exception cref="TokenizerFormatException">A key is missing, has the wrong type, or arrays disagree in length.</exception>
    public static TokenizerData Read(Func<string, object?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        string model = Get<string>(lookup, ModelKey) ?? throw new TokenizerFormatException($"{ModelKey} is missing");
        string[] tokens = Get<string[]>(lookup, TokensKey) ?? throw new TokenizerFormatException($"{TokensKey} is missing");
        int[] types = Get<int[]>(lookup, TokenTypeKey) ?? Enumerable.Repeat((int)TokenType.Normal, tokens.Length).ToArray();
        if (types.Length != tokens.Length)
            throw new TokenizerFormatException($"{TokenTypeKey} has {types.Length} entries for {tokens.Length} tokens");
        float[]? scores = Get<float[]>(lookup, ScoresKey);
        if (scores is not null && scores.Length != tokens.Length)
            throw new TokenizerFormatException($"{ScoresKey} has {scores.Length} entries for {tokens.Length} tokens");
        string[]? merges = Get<string[]>(lookup, MergesKey);
        if (model == TokenizerData.Gpt2Model && merges is null)
            throw new TokenizerFormatException($"{MergesKey} is missing for a byte-level BPE vocabulary");
        bool spm = model == TokenizerData.LlamaModel;
        return new TokenizerData
        {
            Model = model,
            PreTokenizer = Get<string>(lookup, PreKey),
            Tokens = tokens,
            TokenTypes = types,
            Scores = scores,
            Merges = merges,
            BosId = Id(lookup, BosKey, tokens.Length) ?? (spm ? 1 : null),
            EosId = Id(lookup, EosKey, tokens.Length) ?? (spm ? 2 : null),
            EotId = Id(lookup, EotKey, tokens.Length),
            EomId = Id(lookup, EomKey, tokens.Length),
            UnknownId = Id(lookup, UnknownKey, tokens.Length) ?? (spm ? 0 : null),
            PaddingId = Id(lookup, PaddingKey, tokens.Length),
            AddBos = Get<bool?>(lookup, AddBosKey),
            AddEos = Get<bool?>(lookup, AddEosKey),
            AddSpacePrefix = Get<bool?>(lookup, AddSpacePrefixKey),
            ChatTemplate = Get<string>(lookup, ChatTemplateKey),
        };
    }

    private static T? Get<T>(Func<string, object?> lookup, string key)
    {
        object? value = lookup(key);
        if (value is null)
            return default;
        if (typeof(T) == typeof(bool?) && value is bool b)
            return (T)(object)b;
        if (typeof(T) == typeof(int[]) && value is uint[] unsigned)
            return (T)(object)unsigned.Select(u => unchecked((int)u)).ToArray();
        return value is T typed ? typed : throw new TokenizerFormatException($"{key} has type {value.GetType().Name}, expected {typeof(T).Name}");
    }

    private static int? Id(Func<string, object?> lookup, string key, int vocabSize)
    {
        object? value = lookup(key);
        long id = value switch
        {
            null => -1,
            uint u => u,
            int i => i,
            ulong ul => ul > int.MaxValue ? long.MaxValue : (long)ul,
            long l => l,
            _ => throw new TokenizerFormatException($"{key} has type {value.GetType().Name}, expected an integer"),
        };
        if (value is null)
            return null;
        // llama.cpp treats out-of-range special ids as absent (some files use -1 / 0xFFFFFFFF).
        return id >= 0 && id < vocabSize ? (int)id : null;
    }
}
