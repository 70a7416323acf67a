using Deliberate.Engine.Moderation;

namespace Deliberate.Engine.Tests.Moderation;

/// <summary>
/// The streaming gate gives the whole-text verdict whatever the chunking, releases a harmless text unchanged and in
/// order, and releases nothing of the flagged window or after it.
/// </summary>
public class ModerationGateTests
{
    private static readonly ModerationClassifier Shipped = ModerationClassifier.Load(Path.Combine(RepositoryPaths.Root, "models", "deliberate-moderation.gguf"));

    public static TheoryData<string> Texts() =>
    [
        "",
        "Answer: 391",
        "Hello! I'm Deliberate Nano. Try \"What is 17 times 23?\"",
        "The speed is 60 km/h.\n\nAnswer: 60",
        "I can't help with that.",
        "Sure. First, get the pipe. Then here is how to build a pipe bomb at home. Done!",
        "I'm going to kill you.",
        "Good morning. I swear I will find you and hurt you. Have a nice day.",
        "Mr. Smith paid $3.50. Then he left!Twice.\n\n\nNew paragraph? Yes. ",
        string.Concat(Enumerable.Repeat("A harmless line about gardens and rain ", 20)) + "\nand one more.",
        "\ud83d\ude00 emoji first. Then text.",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void AnyChunkingGivesTheWholeTextVerdict(string text)
    {
        var whole = Shipped.Classify(text);
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var gate = new ModerationGate(Shipped);
            var released = "";
            for (var at = 0; at < text.Length;)
            {
                var size = Math.Min(text.Length - at, 1 + random.Next(seed % 2 == 0 ? 3 : 12));
                released += gate.Append(text.Substring(at, size));
                at += size;
            }

            released += gate.Finish();
            Assert.Equal(whole.Flagged, gate.Flagged is not null);
            if (whole.Flagged)
            {
                Assert.StartsWith(released, text, StringComparison.Ordinal);
                Assert.Equal(whole.FlaggedCategories.Any(), gate.Flagged!.FlaggedCategories.Any());
            }
            else
            {
                Assert.Equal(text, released);
            }
        }
    }

    [Fact]
    public void HoldsBackOneSentenceAndStopsAtTheFlag()
    {
        var gate = new ModerationGate(Shipped);
        Assert.Equal("", gate.Append("Hello there. "));
        Assert.Equal("", gate.Append("How are you today?"));
        // Each sentence goes out once the window it ends has been checked with the sentence after it.
        Assert.Equal("Hello there. How are you today?", gate.Append(" Fine, thanks. "));
        var beforeTheFlag = gate.Append("I'm going to kill you. I swear I will shoot you. ");
        Assert.NotNull(gate.Flagged);
        Assert.DoesNotContain("kill", beforeTheFlag, StringComparison.Ordinal);
        Assert.Equal("", gate.Append("More text after the flag."));
        Assert.Equal("", gate.Finish());
    }

    [Fact]
    public void AShortHarmlessAnswerIsReleasedWhenItEnds()
    {
        var gate = new ModerationGate(Shipped);
        Assert.Equal("", gate.Append("Answer: 4"));
        Assert.Equal("Answer: 491", gate.Append("91") + gate.Finish());
        Assert.Null(gate.Flagged);
    }
}
