using Microsoft.ML.Tokenizers;
using Tokenizer = Deliberate.Engine.Tokenization.Tokenizer;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>
/// Our byte-level BPE over gpt-oss's o200k vocabulary (from its tokenizer.json) against Microsoft.ML.Tokenizers'
/// tiktoken implementation of gpt-4o's o200k_base: ordinary-token ids are the same in both.
/// </summary>
public sealed class O200kReferenceTests
{
    private static readonly Lazy<TiktokenTokenizer> s_reference = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    [Fact]
    public void GoldenTextsMatchMicrosoftTiktoken()
    {
        Tokenizer ours = RealVocabularies.Tokenizer("gptoss");
        foreach (GoldenCase c in GoldenCase.Load("gptoss"))
        {
            if (c.Ids.Any(ours.IsControl))
                continue; // harmony markers are not o200k_base specials
            Assert.Equal(s_reference.Value.EncodeToIds(c.Text), ours.Encode(c.Text, addSpecial: false, parseSpecial: false));
        }
    }

    [Fact]
    public void RandomStringsMatchMicrosoftTiktoken()
    {
        // .NET's Regex (used by the reference) classifies UTF-16 units, so a supplementary-plane letter is not \p{L}
        // there; random text stays in the BMP plus emoji, where both agree by construction of the pattern.
        Tokenizer ours = RealVocabularies.Tokenizer("gptoss");
        var random = new Random(20241125);
        for (var i = 0; i < 3000; i++)
        {
            string text = RandomText.Next(random, 24, astral: false);
            if (i % 3 == 0)
                text += "😀🎉";
            IReadOnlyList<int> expected = s_reference.Value.EncodeToIds(text);
            int[] actual = ours.Encode(text, addSpecial: false, parseSpecial: false);
            Assert.True(expected.SequenceEqual(actual), $"case {i} {Escape(text)}\n expected [{string.Join(",", expected)}]\n actual   [{string.Join(",", actual)}]");
        }
    }

    internal static string Escape(string s) => string.Concat(s.Select(ch => ch < 32 || ch > 126 ? $"\\u{(int)ch:x4}" : ch.ToString()));
}
