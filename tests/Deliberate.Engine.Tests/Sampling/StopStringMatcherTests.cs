using System.Text;
using Deliberate.Engine.Sampling;

namespace Deliberate.Engine.Tests.Sampling;

public sealed class StopStringMatcherTests
{
    /// <summary>Keeps what the matcher releases.</summary>
    private sealed class Collector : ITextOutput
    {
        private readonly StringBuilder _text = new();

        public void Write(ReadOnlySpan<char> text) => _text.Append(text);

        public string Take()
        {
            var taken = _text.ToString();
            _text.Clear();
            return taken;
        }
    }

    private static (string Text, string? Stop) Push(StopStringMatcher matcher, Collector output, string fragment)
    {
        var stopped = matcher.Push(fragment, output);
        Assert.Equal(stopped, matcher.Matched is not null);
        return (output.Take(), matcher.Matched);
    }

    [Fact]
    public void MatchesAcrossFragmentsAndHoldsBackPossibleStarts()
    {
        var matcher = new StopStringMatcher(["\nUser:", "###"]);
        var output = new Collector();
        Assert.Equal(("Hello", null), Push(matcher, output, "Hello\n"));
        Assert.Equal(("", null), Push(matcher, output, "Us"));
        Assert.Equal(("\nUsage", null), Push(matcher, output, "age"));
        Assert.Equal((" ok", null), Push(matcher, output, " ok#"));
        Assert.Equal(("", null), Push(matcher, output, "#"));
        Assert.Equal(("", "###"), Push(matcher, output, "# done"));
        Assert.Equal(("", "###"), Push(matcher, output, "after the stop"));
    }

    [Fact]
    public void EverySplitOfTheTextGivesTheSameResult()
    {
        const string text = "The answer is 42.</s>ignored";
        for (var cut1 = 0; cut1 <= text.Length; cut1++)
        {
            for (var cut2 = cut1; cut2 <= text.Length; cut2 += 3)
            {
                var matcher = new StopStringMatcher(["</s>", "END"]);
                var output = new Collector();
                var stopped = false;
                foreach (var fragment in new[] { text[..cut1], text[cut1..cut2], text[cut2..] })
                {
                    stopped |= matcher.Push(fragment, output);
                }

                if (!stopped)
                {
                    matcher.Flush(output);
                }

                Assert.Equal(("The answer is 42.", "</s>"), (output.Take(), matcher.Matched));
            }
        }
    }

    [Fact]
    public void EarliestMatchWinsAndFlushReleasesTheTail()
    {
        var matcher = new StopStringMatcher(["bc", "abcd"]);
        var output = new Collector();
        Assert.Equal(("x", "abcd"), Push(matcher, output, "xabcd"));
        Assert.Equal(("", "abcd"), Push(matcher, output, "more"));

        var tail = new StopStringMatcher(["STOP"]);
        Assert.Equal(("abc ", null), Push(tail, output, "abc ST"));
        tail.Flush(output);
        Assert.Equal("ST", output.Take());
        Assert.Equal(("anything", null), Push(new StopStringMatcher([]), output, "anything"));
    }

    [Fact]
    public void AFragmentLongerThanTheBufferIsMatchedWhole()
    {
        var matcher = new StopStringMatcher(["END"]);
        var output = new Collector();
        var longText = new string('x', 500);
        Assert.Equal((longText, "END"), Push(matcher, output, longText + "END tail"));
    }
}
