using System.Text;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Reasoning;

public sealed class ReasoningParserTests
{
    private sealed record ReasoningDelta(ReasoningChannel Channel, string Text);

    /// <summary>Keeps what the parser releases, each piece as a string.</summary>
    private sealed class Collector : IReasoningOutput
    {
        public List<ReasoningDelta> Deltas { get; } = [];

        public void Write(ReasoningChannel channel, ReadOnlySpan<char> text) => Deltas.Add(new ReasoningDelta(channel, text.ToString()));

        /// <summary>What was released since the last call.</summary>
        public List<ReasoningDelta> Take()
        {
            var taken = Deltas.ToList();
            Deltas.Clear();
            return taken;
        }
    }

    private static (string Reasoning, string Answer, List<ReasoningDelta> Deltas) Run(IEnumerable<string> fragments, bool startInReasoning = false, ReasoningTags? tags = null)
    {
        var parser = new ReasoningParser(tags, startInReasoning);
        var collector = new Collector();
        foreach (var fragment in fragments)
        {
            parser.Push(fragment, collector);
        }

        parser.Flush(collector);
        var deltas = collector.Deltas;
        var reasoning = new StringBuilder();
        var answer = new StringBuilder();
        foreach (var delta in deltas)
        {
            Assert.NotEmpty(delta.Text);
            (delta.Channel == ReasoningChannel.Reasoning ? reasoning : answer).Append(delta.Text);
        }

        return (reasoning.ToString(), answer.ToString(), deltas);
    }

    // Every way of cutting the text into two fragments, plus one character at a time, plus seeded random chunkings.
    private static IEnumerable<string[]> Chunkings(string text)
    {
        yield return [text];
        yield return [.. text.Select(c => c.ToString())];
        for (var cut = 1; cut < text.Length; cut++)
        {
            yield return [text[..cut], text[cut..]];
        }

        var random = new Random(1234);
        for (var trial = 0; trial < 50; trial++)
        {
            var parts = new List<string>();
            for (var i = 0; i < text.Length;)
            {
                var n = Math.Min(text.Length - i, random.Next(1, 6));
                parts.Add(text.Substring(i, n));
                i += n;
            }

            yield return [.. parts];
        }
    }

    [Theory]
    [InlineData("<think>\nLet me add: 2+2=4.\n</think>\n\nThe answer is 4.", false, "Let me add: 2+2=4.", "The answer is 4.")]
    [InlineData("Okay, 3 < 4 and </thin is not a tag.\n</think>\n\n**4**", true, "Okay, 3 < 4 and </thin is not a tag.", "**4**")]
    [InlineData("Just an answer with <think> quoted.", false, "", "Just an answer with <think> quoted.")]
    [InlineData("  <think></think>Answer", false, "", "Answer")]
    [InlineData("<think>\nstill thinking when the budget ran out", false, "still thinking when the budget ran out", "")]
    [InlineData("<thi", false, "", "<thi")]
    [InlineData("<think>a</think>b</think>c", false, "a", "b</think>c")]
    [InlineData("x </thi", true, "x </thi", "")]
    public void SplitsChannelsWhateverTheFragmentation(string output, bool startInReasoning, string reasoning, string answer)
    {
        foreach (var fragments in Chunkings(output))
        {
            var (r, a, deltas) = Run(fragments, startInReasoning);
            Assert.Equal(reasoning, r);
            Assert.Equal(answer, a);
            foreach (var delta in deltas.Where(d => d.Channel == ReasoningChannel.Reasoning))
            {
                // A delta may contain "<" but never a whole or trailing partial close tag.
                Assert.DoesNotContain("</think>", delta.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void StreamsReasoningBeforeTheCloseArrives()
    {
        var parser = new ReasoningParser();
        var output = new Collector();
        List<ReasoningDelta> Push(string fragment)
        {
            parser.Push(fragment, output);
            return output.Take();
        }

        Assert.Empty(Push("<thi"));
        Assert.Empty(Push("nk>\n"));
        Assert.True(parser.InReasoning);
        Assert.Equal([new ReasoningDelta(ReasoningChannel.Reasoning, "First step.")], Push("First step. </"));
        Assert.Equal([new ReasoningDelta(ReasoningChannel.Answer, "Done")], Push("think>\n\nDone"));
        Assert.True(parser.ReasoningEnded);
        parser.Flush(output);
        Assert.Empty(output.Take());
    }

    [Fact]
    public void AWhitespaceRunLongerThanTheBufferIsHeldAndReleasedWhole()
    {
        var spaces = new string(' ', 300);
        var (r, a, _) = Run(["<think>a", spaces, "b", spaces, "</think>", spaces, "c"]);
        Assert.Equal(("a" + spaces + "b", "c"), (r, a));
    }

    [Fact]
    public void CustomTagsAndPromptDetection()
    {
        var tags = new ReasoningTags("[[reason]]", "[[/reason]]");
        var (r, a, _) = Run(["[[rea", "son]]why[[/rea", "son]]what"], tags: tags);
        Assert.Equal(("why", "what"), (r, a));

        Assert.True(ReasoningTags.Think.PromptOpensReasoning("<｜User｜>hi<｜Assistant｜><think>\n"));
        Assert.False(ReasoningTags.Think.PromptOpensReasoning("<|im_start|>assistant\n<think>\n\n</think>\n\n"));
        Assert.False(ReasoningTags.Think.PromptOpensReasoning("<|im_start|>assistant\n"));
    }
}
