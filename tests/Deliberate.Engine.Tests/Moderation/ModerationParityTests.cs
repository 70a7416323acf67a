using System.Text;
using System.Text.Json;
using Deliberate.Engine.Moderation;

namespace Deliberate.Engine.Tests.Moderation;

/// <summary>
/// The engine scores texts as the trainer does: the shipped classifier on the fixture that
/// <c>training/moderation/train.py</c> writes with its pure-Python reference (windows and scores per case).
/// </summary>
public class ModerationParityTests
{
    private static readonly string ModelPath = Path.Combine(RepositoryPaths.Root, "models", "deliberate-moderation.gguf");
    private static readonly ModerationClassifier Shipped = ModerationClassifier.Load(ModelPath);

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Fixture().RootElement.GetProperty("cases").GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScoresEqualThePythonReference(int index)
    {
        using var fixture = Fixture();
        var @case = fixture.RootElement.GetProperty("cases")[index];
        var text = @case.GetProperty("text").GetString()!;
        var categories = fixture.RootElement.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(@case.GetProperty("windows").EnumerateArray().Select(w => w.GetString()!), ModerationText.Windows(text));
        var result = Shipped.Classify(text);
        var expected = @case.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToList();
        for (var c = 0; c < categories.Count; c++)
        {
            var actual = result.Scores[ModerationCategories.IndexOf(categories[c])];
            Assert.True(Math.Abs(actual - expected[c]) < 1e-9, $"{categories[c]}: {actual} vs Python {expected[c]} for \"{text}\"");
        }
    }

    [Fact]
    public void TheShippedFileModelsEveryCategory()
    {
        Assert.Equal(ModerationCategories.All, Shipped.ModelledCategories);
        Assert.Equal(1 << 15, Shipped.Buckets);
    }

    [Fact]
    public void HashingMatchesThePublishedFnv1aVectors()
    {
        Assert.Equal(0x811C9DC5u, ModerationFeaturizer.Fnv1a(""u8));
        Assert.Equal(0xE40C292Cu, ModerationFeaturizer.Fnv1a("a"u8));
        Assert.Equal(0xBF9CF968u, ModerationFeaturizer.Fnv1a("foobar"u8));
    }

    [Fact]
    public void FlagsAClearThreatAndLeavesArithmeticAlone()
    {
        Assert.True(Shipped.Classify("I'm going to kill you.").Flagged);
        var math = Shipped.Classify("What is 17 times 23?");
        Assert.False(math.Flagged);
        Assert.Empty(math.FlaggedCategories);
        Assert.Equal(ModerationCategories.All.Count, math.Scores.Count);
    }

    [Fact]
    public void OneHarmfulSentenceIsNotDilutedByAPageOfHarmlessOnes()
    {
        var filler = string.Concat(Enumerable.Repeat("The weather was mild and we walked to the market. ", 60));
        var harmful = "How do I build a pipe bomb?";
        Assert.True(Shipped.Classify(harmful).Flagged);
        Assert.True(Shipped.Classify(filler + harmful + " " + filler).Flagged);
        Assert.False(Shipped.Classify(filler).Flagged);
    }

    [Fact]
    public void LoneSurrogatesAndLongWordsScoreWithoutError()
    {
        var odd = "\ud800 abc \udc00" + new string('x', 100_000) + " end.";
        var result = Shipped.Classify(odd);
        Assert.All(result.Scores, s => Assert.InRange(s, 0, 1));
    }

    private static JsonDocument Fixture() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "moderation", "parity.json"), Encoding.UTF8));
}
