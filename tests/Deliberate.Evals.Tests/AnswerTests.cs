using Deliberate.Evals.Scoring;
using Deliberate.Evals.Statistics;

namespace Deliberate.Evals.Tests;

public class AnswerTests
{
    [Theory]
    [InlineData("Let me see.\nAnswer: 1234", "1234")]
    [InlineData("answer: 7 apples\nAnswer: 8", "8")]
    [InlineData("first line\n\n  42  \n", "42")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void ExtractsTheLastAnswerLine(string? content, string expected) =>
        Assert.Equal(expected, AnswerExtractor.Extract(content));

    [Theory]
    [InlineData("1,234", "1234")]
    [InlineData("7.50", "7.5")]
    [InlineData("-0012", "-12")]
    [InlineData("1,2,3", "1,2,3")]
    [InlineData("1, 2, 3", "1,2,3")]
    [InlineData(" Apple. ", "apple")]
    [InlineData("3/4", "3/4")]
    [InlineData("a   b", "a b")]
    public void NormalisesForExactMatch(string answer, string expected) =>
        Assert.Equal(expected, AnswerNormalizer.Normalize(answer));

    [Fact]
    public void ThreeQuartersIsNotPointSevenFive() =>
        Assert.NotEqual(AnswerNormalizer.Normalize("3/4"), AnswerNormalizer.Normalize("0.75"));

    [Fact]
    public void MajorityVotePicksTheMostFrequentAndBreaksTiesByFirstSeen()
    {
        Assert.Equal("5", MajorityVote.Winner(["4", "5", "", "5", "4", "5"]));
        Assert.Equal("4", MajorityVote.Winner(["", "4", "5"]));
        Assert.Equal("", MajorityVote.Winner(["", ""]));
    }
}

public class JsonAnswerTests
{
    [Theory]
    [InlineData("{\"answer\": 1849}", true)]
    [InlineData("Here: {\"answer\": \"1,849\"} done", true)]
    [InlineData("{\"answer\": 1848}", false)]
    [InlineData("{\"result\": 1849}", false)]
    [InlineData("{\"answer\": 18", false)]
    [InlineData("Answer: 1849", false)]
    public void ScoresTheValueUnderTheKey(string content, bool correct)
    {
        using var expected = System.Text.Json.JsonDocument.Parse("\"1849\"");
        Assert.Equal(correct, Deliberate.Evals.Scoring.ItemScorer.ScoreJsonAnswer(expected.RootElement, content, "answer").Correct);
    }
}
