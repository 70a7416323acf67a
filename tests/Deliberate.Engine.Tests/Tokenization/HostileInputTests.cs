using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>Inputs meant to break the tokenizer: huge single pieces, lone surrogates, inconsistent data and metadata.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama2")]
    public void HugePiecesEncodeAndRoundTrip(string name)
    {
        // One 200k-letter "word" (the merge heap path) and a 100k whitespace run; both must finish and round-trip.
        Tokenizer tokenizer = RealVocabularies.Tokenizer(name);
        foreach (string text in new[] { new string('a', 200_000), new string(' ', 100_000) + "x", string.Concat(Enumerable.Repeat("ab", 50_000)) })
        {
            int[] ids = tokenizer.Encode(text, addSpecial: false);
            Assert.InRange(ids.Length, 1, text.Length);
            Assert.Equal(text, tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void HeapAndLinearMergeAgree()
    {
        // The two merge strategies (linear scan for short words, heap for long ones) on the same random words.
        TokenizerData data = RealVocabularies.Data("qwen3");
        var vocab = new Dictionary<string, int>();
        for (var i = 0; i < data.Tokens.Length; i++)
            vocab.TryAdd(data.Tokens[i], i);
        BpeMergeTable merges = BpeMergeTable.Build(data.Merges!, t => vocab.TryGetValue(t, out int id) ? id : -1);
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            string word = RandomText.Next(random, 30, astral: true).Replace(" ", "");
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(word);
            if (bytes.Length > 96)
                bytes = bytes[..96];
            int[] linear = bytes.Select(b => vocab[ByteLevelAlphabet.ToChar(b).ToString()]).ToArray();
            int[] heap = (int[])linear.Clone();
            int n1 = BpeWordMerger.MergeLinear(linear, merges);
            int n2 = BpeWordMerger.MergeWithHeap(heap, merges);
            Assert.Equal(linear[..n1], heap[..n2]);
        }
    }

    [Fact]
    public void LoneSurrogatesDoNotThrow()
    {
        Tokenizer tokenizer = RealVocabularies.Tokenizer("qwen3");
        int[] ids = tokenizer.Encode("a\ud800b\udc00c", addSpecial: false);
        Assert.Equal("a\uFFFDb\uFFFDc", tokenizer.Decode(ids));
    }

    [Fact]
    public void InconsistentDataIsATypedError()
    {
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.Create(new TokenizerData { Model = "gpt2", Tokens = ["a"], TokenTypes = [1, 1], Merges = [] }));
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.Create(new TokenizerData { Model = "gpt2", Tokens = [], TokenTypes = [], Merges = [] }));
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.Create(new TokenizerData { Model = "bert", Tokens = ["a"], TokenTypes = [1] }));
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.Create(new TokenizerData { Model = "gpt2", Tokens = ["a"], TokenTypes = [1], Merges = ["a"] }));
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.Create(new TokenizerData { Model = "gpt2", Tokens = ["a"], TokenTypes = [1], Merges = [], BosId = 5 }));
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.Create(new TokenizerData { Model = "llama", Tokens = ["a"], TokenTypes = [1], Scores = [0, 1] }));
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.Create(new TokenizerData { Model = "gpt2", PreTokenizer = "unknown-pre", Tokens = ["a"], TokenTypes = [1], Merges = [] }));
    }

    [Fact]
    public void BadGgufMetadataIsATypedError()
    {
        var good = new Dictionary<string, object>
        {
            [TokenizerGgufMetadata.ModelKey] = "gpt2",
            [TokenizerGgufMetadata.TokensKey] = new[] { "a", "b" },
            [TokenizerGgufMetadata.TokenTypeKey] = new[] { 1, 1 },
            [TokenizerGgufMetadata.MergesKey] = new[] { "a b" },
        };
        Assert.Equal(2, TokenizerGgufMetadata.Read(k => good.GetValueOrDefault(k)).VocabSize);
        foreach (var (key, value) in new (string, object?)[]
        {
            (TokenizerGgufMetadata.ModelKey, null),
            (TokenizerGgufMetadata.ModelKey, 5u),
            (TokenizerGgufMetadata.TokensKey, "ab"),
            (TokenizerGgufMetadata.TokenTypeKey, new[] { 1 }),
            (TokenizerGgufMetadata.MergesKey, null),
            (TokenizerGgufMetadata.ScoresKey, new[] { 1f }),
            (TokenizerGgufMetadata.BosKey, "1"),
            (TokenizerGgufMetadata.AddBosKey, 1u),
        })
        {
            var bad = new Dictionary<string, object?>(good.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value))) { [key] = value };
            Assert.Throws<TokenizerFormatException>(() => TokenizerGgufMetadata.Read(k => bad.GetValueOrDefault(k)));
        }
    }

    [Fact]
    public void OutOfRangeTokenIdsAreArgumentErrors()
    {
        Tokenizer tokenizer = RealVocabularies.Tokenizer("qwen3");
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.GetTokenBytes(-1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.CreateStreamingDecoder().Decode(int.MaxValue));
    }
}
