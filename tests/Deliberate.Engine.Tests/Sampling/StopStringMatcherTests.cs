using Deliberate.Engine.Sampling;

namespace Deliberate.Engine.Tests.Sampling;

public sealed class StopStringMatcherTests
{
    [Fact]
    public void MatchesAcrossFragmentsAndHoldsBackPossibleStarts()
    {
        var matcher = new StopStringMatcher(["\nUser:", "###"]);
        Assert.Equal(new StopMatch("Hello", null), matcher.Push("Hello\n"));
        Assert.Equal(new StopMatch("", null), matcher.Push("Us"));
        Assert.Equal(new StopMatch("\nUsage", null), matcher.Push("age"));
        Assert.Equal(new StopMatch(" ok", null), matcher.Push(" ok#"));
        Assert.Equal(new StopMatch("", null), matcher.Push("#"));
        Assert.Equal(new StopMatch("", "###"), matcher.Push("# done"));
        Assert.Equal(new StopMatch("", null), matcher.Push("after the stop"));
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
                var emitted = "";
                string? stop = null;
                foreach (var fragment in new[] { text[..cut1], text[cut1..cut2], text[cut2..] })
                {
                    var match = matcher.Push(fragment);
                    emitted += match.Text;
                    stop ??= match.StopString;
                }

                if (stop is null)
                {
                    emitted += matcher.Flush();
                }

                Assert.Equal(("The answer is 42.", "</s>"), (emitted, stop));
            }
        }
    }

    [Fact]
    public void EarliestMatchWinsAndFlushReleasesTheTail()
    {
        var matcher = new StopStringMatcher(["bc", "abcd"]);
        Assert.Equal(new StopMatch("x", "abcd"), matcher.Push("xabcd"));
        Assert.Equal(new StopMatch("", null), matcher.Push("more"));

        var tail = new StopStringMatcher(["STOP"]);
        Assert.Equal("abc ", tail.Push("abc ST").Text);
        Assert.Equal("ST", tail.Flush());
        Assert.Equal("anything", new StopStringMatcher([]).Push("anything").Text);
    }
}
