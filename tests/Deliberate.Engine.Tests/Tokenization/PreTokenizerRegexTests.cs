using System.Text.RegularExpressions;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>
/// Each hand-written splitter against .NET's regex engine running the published pattern, on seeded random BMP
/// text (where UTF-16 units and code points coincide, so the regex is a valid reference).
/// </summary>
public sealed class PreTokenizerRegexTests
{
    [Theory]
    [InlineData(PreTokenizerIds.Gpt2, PreTokenizerIds.Gpt2Pattern)]
    [InlineData(PreTokenizerIds.Llama3, PreTokenizerIds.Llama3Pattern)]
    [InlineData(PreTokenizerIds.Qwen2, PreTokenizerIds.Qwen2Pattern)]
    [InlineData(PreTokenizerIds.Gpt4o, PreTokenizerIds.O200kPattern)]
    public void SplitsLikeTheRegex(string id, string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        PreTokenizer splitter = PreTokenizer.Create(id);
        var random = new Random(7);
        for (var i = 0; i < 4000; i++)
        {
            string text = RandomText.Next(random, 16, astral: false);
            string[] expected = regex.Matches(text).Select(m => m.Value).ToArray();
            Assert.Equal(text, string.Concat(expected)); // the pattern covers every character
            var actual = new List<string>();
            for (int pos = 0; pos < text.Length;)
            {
                int end = splitter.NextEnd(text, pos);
                actual.Add(text[pos..end]);
                pos = end;
            }
            Assert.True(expected.SequenceEqual(actual), $"{O200kReferenceTests.Escape(text)}\n expected {string.Join(" | ", expected.Select(O200kReferenceTests.Escape))}\n actual   {string.Join(" | ", actual.Select(O200kReferenceTests.Escape))}");
        }
    }

    [Fact]
    public void DeepSeekV3SplitsLikeTheRegexSequence()
    {
        // Hugging Face's Split(Isolated) sequence: each pattern splits every piece of the previous step, and the
        // stretches between matches stay as pieces.
        Regex[] sequence =
        [
            new(@"\p{N}{1,3}"),
            new("[一-龥぀-ゟ゠-ヿ]+"),
            new(@"[!""#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"),
        ];
        PreTokenizer splitter = PreTokenizer.Create(PreTokenizerIds.DeepSeekV3);
        var random = new Random(11);
        for (var i = 0; i < 4000; i++)
        {
            string text = RandomText.Next(random, 16, astral: false);
            List<string> expected = [text];
            foreach (Regex regex in sequence)
                expected = expected.SelectMany(piece => SplitIsolated(regex, piece)).ToList();
            var actual = new List<string>();
            for (int pos = 0; pos < text.Length;)
            {
                int end = splitter.NextEnd(text, pos);
                actual.Add(text[pos..end]);
                pos = end;
            }
            Assert.True(expected.SequenceEqual(actual), $"{O200kReferenceTests.Escape(text)}\n expected {string.Join(" | ", expected.Select(O200kReferenceTests.Escape))}\n actual   {string.Join(" | ", actual.Select(O200kReferenceTests.Escape))}");
        }
    }

    private static IEnumerable<string> SplitIsolated(Regex regex, string piece)
    {
        int pos = 0;
        foreach (Match m in regex.Matches(piece))
        {
            if (m.Index > pos)
                yield return piece[pos..m.Index];
            yield return m.Value;
            pos = m.Index + m.Length;
        }
        if (pos < piece.Length)
            yield return piece[pos..];
    }

    [Fact]
    public void SupplementaryPlaneLettersAreLetters()
    {
        // 𝐁𝐨𝐥𝐝 is four math letters (Lu, Ll) outside the BMP: one piece with its leading space, not eight surrogates.
        PreTokenizer splitter = PreTokenizer.Create(PreTokenizerIds.Llama3);
        string text = " 𝐁𝐨𝐥𝐝!";
        Assert.Equal(9, splitter.NextEnd(text, 0));
    }

    [Fact]
    public void UnknownIdIsATypedError()
    {
        Assert.Throws<TokenizerFormatException>(() => PreTokenizer.Create("no-such-pre"));
    }
}
