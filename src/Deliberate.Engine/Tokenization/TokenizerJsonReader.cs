using System.Text.Json;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Converts a Hugging Face <c>tokenizer.json</c> (and optionally its <c>tokenizer_config.json</c>) to
/// <see cref="TokenizerData"/>, the way llama.cpp's <c>convert_hf_to_gguf.py</c> does: ids in order including
/// added tokens, added special tokens typed control, other added tokens user-defined, the pre-tokenizer id detected
/// from the split regex. Input is untrusted: every problem surfaces as <see cref="TokenizerFormatException"/>.
/// </summary>
public static class TokenizerJsonReader
{
    // Real vocabularies stay under 300k; the cap bounds what a hostile file can make us allocate.
    private const int MaxVocabSize = 1 << 22;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64, AllowTrailingCommas = false };

    /// <summary>Reads <c>tokenizer.json</c> and, when given and present, <c>tokenizer_config.json</c>.</summary>
    public static TokenizerData ReadFiles(string tokenizerJsonPath, string? tokenizerConfigPath = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJsonPath);
        byte[] json = File.ReadAllBytes(tokenizerJsonPath);
        // Two calls, not a conditional: null would convert to an empty (non-null) ReadOnlyMemory through byte[].
        if (tokenizerConfigPath is not null && File.Exists(tokenizerConfigPath))
            return Parse(json, File.ReadAllBytes(tokenizerConfigPath));
        return Parse(json);
    }

    /// <summary>Converts the UTF-8 JSON of a <c>tokenizer.json</c> and an optional <c>tokenizer_config.json</c>.</summary>
    public static TokenizerData Parse(ReadOnlyMemory<byte> tokenizerJson, ReadOnlyMemory<byte>? tokenizerConfigJson = null)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(tokenizerJson, s_options);
            using JsonDocument? config = tokenizerConfigJson is { } c ? JsonDocument.Parse(c, s_options) : null;
            return Convert(doc.RootElement, config?.RootElement);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"tokenizer.json: invalid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            // JsonElement accessors throw this when a value has the wrong JSON kind.
            throw new TokenizerFormatException($"tokenizer.json: unexpected value kind ({e.Message})", e);
        }
        catch (FormatException e)
        {
            throw new TokenizerFormatException($"tokenizer.json: bad number ({e.Message})", e);
        }
    }

    private static TokenizerData Convert(JsonElement root, JsonElement? config)
    {
        Expect(root, JsonValueKind.Object, "the root");
        JsonElement model = Property(root, "model") ?? throw new TokenizerFormatException("tokenizer.json: no 'model'");
        Expect(model, JsonValueKind.Object, "model");
        string? type = String(Property(model, "type"));
        if (type is not (null or "BPE"))
            throw new TokenizerFormatException($"tokenizer.json: model type '{type}' is not supported (only BPE)");
        JsonElement vocab = Property(model, "vocab") ?? throw new TokenizerFormatException("tokenizer.json: no 'model.vocab'");
        Expect(vocab, JsonValueKind.Object, "model.vocab");

        var byId = new Dictionary<int, string>();
        foreach (JsonProperty entry in vocab.EnumerateObject())
        {
            int id = Id(entry.Value, $"model.vocab['{Clip(entry.Name)}']");
            if (!byId.TryAdd(id, entry.Name))
                throw new TokenizerFormatException($"tokenizer.json: id {id} appears twice in model.vocab");
        }
        var added = new Dictionary<int, bool>(); // id -> special
        if (Property(root, "added_tokens") is { } addedTokens)
        {
            Expect(addedTokens, JsonValueKind.Array, "added_tokens");
            var index = 0;
            foreach (JsonElement token in addedTokens.EnumerateArray())
            {
                Expect(token, JsonValueKind.Object, $"added_tokens[{index}]");
                int id = Id(Property(token, "id") ?? throw new TokenizerFormatException($"tokenizer.json: added_tokens[{index}] has no id"), $"added_tokens[{index}].id");
                string content = String(Property(token, "content")) ?? throw new TokenizerFormatException($"tokenizer.json: added_tokens[{index}] has no content");
                byId[id] = content;
                added[id] = Property(token, "special") is { ValueKind: JsonValueKind.True };
                index++;
            }
        }
        if (byId.Count == 0)
            throw new TokenizerFormatException("tokenizer.json: the vocabulary is empty");
        int count = byId.Keys.Max() + 1;

        bool byteLevel = Mentions(Property(root, "pre_tokenizer"), "ByteLevel") || Mentions(Property(root, "decoder"), "ByteLevel");
        bool byteFallback = Property(model, "byte_fallback") is { ValueKind: JsonValueKind.True };
        string modelKind = byteLevel ? TokenizerData.Gpt2Model
            : byteFallback || Mentions(Property(root, "normalizer"), "Prepend") || Mentions(Property(root, "pre_tokenizer"), "Metaspace") ? TokenizerData.LlamaModel
            : throw new TokenizerFormatException("tokenizer.json: neither byte-level nor SentencePiece-style BPE");
        string? unkToken = String(Property(model, "unk_token"));

        var tokens = new string[count];
        var types = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (!byId.TryGetValue(i, out string? text))
            {
                tokens[i] = $"[PAD{i}]";
                types[i] = (int)TokenType.Unused;
                continue;
            }
            tokens[i] = text;
            if (added.TryGetValue(i, out bool special))
            {
                if (text == unkToken)
                    types[i] = (int)TokenType.Unknown;
                else if (special || LooksSpecial(text))
                    types[i] = (int)TokenType.Control;
                else
                {
                    types[i] = (int)TokenType.UserDefined;
                    if (byteLevel)
                        tokens[i] = text.Replace('\u2581', ' '); // llama.cpp pre-normalizes user-defined spaces
                }
            }
            else if (text == unkToken)
                types[i] = (int)TokenType.Unknown;
            else if (!byteLevel && text.Length == 6 && text.StartsWith("<0x", StringComparison.Ordinal) && text[5] == '>')
                types[i] = (int)TokenType.Byte;
            else
                types[i] = (int)TokenType.Normal;
        }

        string[] merges = ReadMerges(Property(model, "merges"));
        var textToId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
            textToId.TryAdd(tokens[i], i);

        string? pre = byteLevel ? DetectPreTokenizer(Property(root, "pre_tokenizer"), textToId) : null;
        float[]? scores = byteLevel ? null : ScoresFromMerges(tokens, merges, textToId);
        bool? addSpacePrefix = byteLevel ? null
            : Mentions(Property(root, "normalizer"), "Prepend") || MetaspacePrepends(Property(root, "pre_tokenizer"));

        int? Find(string? text) => text is not null && textToId.TryGetValue(text, out int id) ? id : null;
        string? bos = TokenText(config, "bos_token"), eos = TokenText(config, "eos_token");
        string? pad = TokenText(config, "pad_token"), unk = TokenText(config, "unk_token") ?? unkToken;
        bool? addBos = Bool(config, "add_bos_token") ?? (PostProcessorAddsFirst(Property(root, "post_processor"), bos) ? true : null);
        return new TokenizerData
        {
            Model = modelKind,
            PreTokenizer = pre,
            Tokens = tokens,
            TokenTypes = types,
            Scores = scores,
            Merges = byteLevel ? merges : null,
            BosId = Find(bos),
            EosId = Find(eos),
            EotId = Find("<|eot_id|>") ?? Find("<|im_end|>") ?? Find("<end_of_turn>"),
            PaddingId = Find(pad),
            UnknownId = Find(unk),
            AddBos = addBos,
            AddEos = Bool(config, "add_eos_token"),
            AddSpacePrefix = addSpacePrefix,
            ChatTemplate = ChatTemplate(config),
        };
    }

    /// <summary>Maps the split regex(es) of the pre-tokenizer to a <c>tokenizer.ggml.pre</c> id.</summary>
    private static string DetectPreTokenizer(JsonElement? pre, Dictionary<string, int> vocab)
    {
        var patterns = new List<string>();
        bool byteLevelRegex = false;
        Collect(pre);
        void Collect(JsonElement? e)
        {
            if (e is not { ValueKind: JsonValueKind.Object } o)
                return;
            switch (String(Property(o, "type")))
            {
                case "Sequence":
                    if (Property(o, "pretokenizers") is { ValueKind: JsonValueKind.Array } list)
                    {
                        foreach (JsonElement p in list.EnumerateArray())
                            Collect(p);
                    }
                    break;
                case "Split":
                    if (Property(o, "pattern") is { ValueKind: JsonValueKind.Object } pattern)
                        patterns.Add(String(Property(pattern, "Regex")) ?? String(Property(pattern, "String")) ?? "");
                    break;
                case "ByteLevel":
                    byteLevelRegex |= Property(o, "use_regex") is not { ValueKind: JsonValueKind.False };
                    break;
            }
        }
        if (patterns.Count == 0 && byteLevelRegex)
            return PreTokenizerIds.Gpt2;
        if (patterns.Count == 1)
        {
            string p = patterns[0];
            if (p == PreTokenizerIds.Qwen2Pattern)
                return vocab.ContainsKey("<｜begin▁of▁sentence｜>") ? PreTokenizerIds.DeepSeekR1Qwen : PreTokenizerIds.Qwen2;
            if (p == PreTokenizerIds.Llama3Pattern)
                return PreTokenizerIds.Llama3;
            if (p == PreTokenizerIds.O200kPattern)
                return PreTokenizerIds.Gpt4o;
            if (p == PreTokenizerIds.Gpt2Pattern)
                return PreTokenizerIds.Gpt2;
        }
        if (patterns.Count == 3 && patterns[0] == @"\p{N}{1,3}" && patterns[1] == "[一-龥぀-ゟ゠-ヿ]+")
            return PreTokenizerIds.DeepSeekV3;
        string shown = patterns.Count == 0 ? "(none)" : string.Join(" ; ", patterns.Select(Clip));
        throw new TokenizerFormatException($"tokenizer.json: unknown pre-tokenizer split pattern {shown}; add its id to PreTokenizerIds");
    }

    /// <summary>
    /// SentencePiece scores for a merges-only BPE file: a token made by merge rank r scores -r, so "highest score
    /// first" replays the merges in rank order; tokens no merge makes score lowest.
    /// </summary>
    private static float[] ScoresFromMerges(string[] tokens, string[] merges, Dictionary<string, int> vocab)
    {
        var scores = new float[tokens.Length];
        Array.Fill(scores, -1e9f);
        for (var rank = merges.Length - 1; rank >= 0; rank--)
        {
            if (vocab.TryGetValue(merges[rank].Replace(" ", ""), out int id))
                scores[id] = -rank;
        }
        return scores;
    }

    private static string[] ReadMerges(JsonElement? merges)
    {
        if (merges is not { } m || m.ValueKind == JsonValueKind.Null)
            return [];
        Expect(m, JsonValueKind.Array, "model.merges");
        var result = new string[m.GetArrayLength()];
        var i = 0;
        foreach (JsonElement merge in m.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
                result[i] = merge.GetString()!;
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
                result[i] = merge[0].GetString() + " " + merge[1].GetString();
            else
                throw new TokenizerFormatException($"tokenizer.json: model.merges[{i}] is neither \"a b\" nor [a, b]");
            if (result[i].IndexOf(' ', 1) < 0)
                throw new TokenizerFormatException($"tokenizer.json: model.merges[{i}] has no separating space");
            i++;
        }
        return result;
    }

    /// <summary>convert_hf_to_gguf.py's <c>does_token_look_special</c>.</summary>
    private static bool LooksSpecial(string text) =>
        text is "<pad>" or "<mask>" or "<2mass>" or "[@BOS@]"
        || (text.StartsWith("<|", StringComparison.Ordinal) && text.EndsWith("|>", StringComparison.Ordinal))
        || (text.StartsWith("<｜", StringComparison.Ordinal) && text.EndsWith("｜>", StringComparison.Ordinal))
        || (text.StartsWith("<start_of_", StringComparison.Ordinal) && text.EndsWith('>'));

    private static bool MetaspacePrepends(JsonElement? pre)
    {
        if (pre is not { ValueKind: JsonValueKind.Object } o)
            return false;
        if (String(Property(o, "type")) == "Metaspace")
            return String(Property(o, "prepend_scheme")) is not "never" && Property(o, "add_prefix_space") is not { ValueKind: JsonValueKind.False };
        return Property(o, "pretokenizers") is { ValueKind: JsonValueKind.Array } list && list.EnumerateArray().Any(p => MetaspacePrepends(p));
    }

    private static bool PostProcessorAddsFirst(JsonElement? post, string? bos)
    {
        if (bos is null || post is not { ValueKind: JsonValueKind.Object } o || String(Property(o, "type")) != "TemplateProcessing")
            return false;
        if (Property(o, "single") is not { ValueKind: JsonValueKind.Array } single || single.GetArrayLength() == 0)
            return false;
        JsonElement first = single[0];
        return first.ValueKind == JsonValueKind.Object && Property(first, "SpecialToken") is { ValueKind: JsonValueKind.Object } st
            && String(Property(st, "id")) == bos;
    }

    private static string? ChatTemplate(JsonElement? config)
    {
        if (config is not { ValueKind: JsonValueKind.Object } c || Property(c, "chat_template") is not { } t)
            return null;
        if (t.ValueKind == JsonValueKind.String)
            return t.GetString();
        if (t.ValueKind != JsonValueKind.Array)
            return null;
        string? first = null;
        foreach (JsonElement named in t.EnumerateArray())
        {
            if (named.ValueKind != JsonValueKind.Object)
                continue;
            string? name = String(Property(named, "name")), template = String(Property(named, "template"));
            if (name == "default")
                return template;
            first ??= template;
        }
        return first;
    }

    private static string? TokenText(JsonElement? config, string name)
    {
        if (config is not { ValueKind: JsonValueKind.Object } c || Property(c, name) is not { } v)
            return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => String(Property(v, "content")),
            _ => null,
        };
    }

    private static bool? Bool(JsonElement? config, string name) =>
        config is { ValueKind: JsonValueKind.Object } c && Property(c, name) is { } v
            ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }
            : null;

    private static bool Mentions(JsonElement? e, string type)
    {
        if (e is not { } el)
            return false;
        return el.ValueKind switch
        {
            JsonValueKind.Object => el.EnumerateObject().Any(p => (p.Name == "type" && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == type) || Mentions(p.Value, type)),
            JsonValueKind.Array => el.EnumerateArray().Any(x => Mentions(x, type)),
            _ => false,
        };
    }

    private static int Id(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int id) || id < 0 || id >= MaxVocabSize)
            throw new TokenizerFormatException($"tokenizer.json: {where} is not a token id in [0, {MaxVocabSize})");
        return id;
    }

    private static JsonElement? Property(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) ? v : null;

    private static string? String(JsonElement? e) => e is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    private static void Expect(JsonElement e, JsonValueKind kind, string what)
    {
        if (e.ValueKind != kind)
            throw new TokenizerFormatException($"tokenizer.json: {what} should be a JSON {kind}, not {e.ValueKind}");
    }

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
