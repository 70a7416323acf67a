using System.Text;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>The tokenizer.json converter on real files (facts from the files themselves) and on hostile input.</summary>
public sealed class TokenizerJsonReaderTests
{
    [Fact]
    public void Qwen3ConvertsLikeConvertHfToGguf()
    {
        TokenizerData data = RealVocabularies.Data("qwen3");
        Assert.Equal(TokenizerData.Gpt2Model, data.Model);
        Assert.Equal(PreTokenizerIds.Qwen2, data.PreTokenizer);
        Assert.Equal(151643 + 26, data.VocabSize);
        Assert.Equal(151387, data.Merges!.Length);
        Assert.Equal("<think>", data.Tokens[151667]);
        Assert.Equal((int)TokenType.UserDefined, data.TokenTypes[151667]);   // special: false in added_tokens
        Assert.Equal((int)TokenType.Control, data.TokenTypes[151644]);       // <|im_start|>
        Assert.Equal((int)TokenType.Control, data.TokenTypes[151648]);       // <|box_start|>: special false but looks special
        Assert.Equal((int)TokenType.Normal, data.TokenTypes[9707]);
        Assert.Equal(151645, data.EosId);                                   // <|im_end|>
        Assert.Equal(151643, data.PaddingId);
        Assert.Null(data.BosId);
        Assert.False(data.AddBos);
        Assert.StartsWith("{%- if tools %}", data.ChatTemplate);
        Tokenizer tokenizer = Tokenizer.Create(data);
        Assert.Contains(151645, tokenizer.EndOfGenerationIds);
        Assert.Contains(151643, tokenizer.EndOfGenerationIds);
    }

    [Fact]
    public void Llama3AndGptOssAndLlama2Detected()
    {
        Assert.Equal(PreTokenizerIds.Llama3, RealVocabularies.Data("llama3").PreTokenizer);
        Assert.Equal(128000, RealVocabularies.Data("llama3").BosId);
        TokenizerData gptoss = RealVocabularies.Data("gptoss");
        Assert.Equal(PreTokenizerIds.Gpt4o, gptoss.PreTokenizer);
        Tokenizer oss = Tokenizer.Create(gptoss);
        Assert.Contains(200002, oss.EndOfGenerationIds);     // <|return|>
        Assert.Contains(200012, oss.EndOfGenerationIds);     // <|call|>
        Assert.DoesNotContain(200007, oss.EndOfGenerationIds); // <|end|> only ends a message in harmony
        TokenizerData llama2 = RealVocabularies.Data("llama2");
        Assert.Equal(TokenizerData.LlamaModel, llama2.Model);
        Assert.True(llama2.AddSpacePrefix);
        Assert.True(llama2.AddBos);
        Assert.Equal((int)TokenType.Unknown, llama2.TokenTypes[0]);
        Assert.Equal((int)TokenType.Byte, llama2.TokenTypes[3]); // <0x00>
        Assert.Equal("<0x00>", llama2.Tokens[3]);
    }

    [Fact]
    public void ConfigFileIsOptional()
    {
        string dir = RealVocabularies.PackageDirectory("llama2");
        TokenizerData data = TokenizerJsonReader.ReadFiles(Path.Combine(dir, "tokenizer.json"));
        Assert.Null(data.ChatTemplate);
        Assert.Equal(RealVocabularies.Data("llama2").Tokens, data.Tokens);
    }

    [Fact]
    public void NanoStyleFileMapsToQwen2()
    {
        // The shape deliberate-nano's trainer writes: byte-level BPE, Qwen2's single-digit split, chat specials.
        string json = NanoStyleJson(mergesAsArrays: true);
        TokenizerData data = TokenizerJsonReader.Parse(Encoding.UTF8.GetBytes(json), Encoding.UTF8.GetBytes("""{"eos_token": "<|im_end|>", "bos_token": null}"""));
        Assert.Equal(PreTokenizerIds.Qwen2, data.PreTokenizer);
        Assert.Equal(["a b", "ab c"], data.Merges!);
        Assert.Equal((int)TokenType.Control, data.TokenTypes[data.Tokens.AsSpan().IndexOf("<|im_start|>")]);
        Assert.Equal((int)TokenType.UserDefined, data.TokenTypes[data.Tokens.AsSpan().IndexOf("<think>")]);
        Tokenizer tokenizer = Tokenizer.Create(data);
        int abc = Array.IndexOf(data.Tokens, "abc");
        int think = Array.IndexOf(data.Tokens, "<think>");
        Assert.Equal([think, abc], tokenizer.Encode("<think>abc", addSpecial: false));
        Assert.Equal(data.Merges, TokenizerJsonReader.Parse(Encoding.UTF8.GetBytes(NanoStyleJson(mergesAsArrays: false))).Merges);
    }

    public static TheoryData<string> HostileInputs => new()
    {
        "",
        "{",
        "[]",
        """{"model": 5}""",
        """{"model": {"type": "Unigram", "vocab": []}}""",
        """{"model": {"type": "BPE", "vocab": []}}""",
        """{"model": {"type": "BPE", "vocab": {}}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": "x"}}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": -1}}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 99999999999}}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0, "b": 0}}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [[1, 2]]}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["ab"]}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": "a b"}, "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0}}, "added_tokens": [{"id": "x", "content": "<s>"}], "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0}}, "added_tokens": [{"id": 1}], "pre_tokenizer": {"type": "ByteLevel"}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0}}, "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "\\w+"}}, {"type": "ByteLevel", "use_regex": false}]}}""",
        """{"model": {"type": "BPE", "vocab": {"a": 0}}}""",
        new string('[', 10000) + new string(']', 10000),
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void HostileJsonIsATypedError(string json)
    {
        Assert.Throws<TokenizerFormatException>(() => TokenizerJsonReader.Parse(Encoding.UTF8.GetBytes(json)));
    }

    private static string NanoStyleJson(bool mergesAsArrays)
    {
        var vocab = new Dictionary<string, int>();
        for (var b = 0; b < 256; b++)
            vocab[ByteLevelAlphabet.ToChar((byte)b).ToString()] = b;
        vocab["ab"] = 256;
        vocab["abc"] = 257;
        string[] specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>"];
        var added = specials.Select((s, i) => new { id = 258 + i, content = s, special = s.StartsWith("<|", StringComparison.Ordinal) });
        object merges = mergesAsArrays ? new[] { new[] { "a", "b" }, new[] { "ab", "c" } } : new[] { "a b", "ab c" };
        var root = new
        {
            version = "1.0",
            added_tokens = added,
            normalizer = (object?)null,
            pre_tokenizer = new
            {
                type = "Sequence",
                pretokenizers = new object[]
                {
                    new { type = "Split", pattern = new { Regex = PreTokenizerIds.Qwen2Pattern }, behavior = "Isolated", invert = false },
                    new { type = "ByteLevel", add_prefix_space = false, trim_offsets = false, use_regex = false },
                },
            },
            decoder = new { type = "ByteLevel" },
            model = new { type = "BPE", vocab, merges },
        };
        return System.Text.Json.JsonSerializer.Serialize(root);
    }
}
