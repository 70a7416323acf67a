using System.Text;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Reasoning;

public sealed class HarmonyParserTests
{
    private static List<HarmonyDelta> Run(IEnumerable<string> fragments)
    {
        var parser = new HarmonyParser();
        var deltas = new List<HarmonyDelta>();
        foreach (var fragment in fragments)
        {
            deltas.AddRange(parser.Push(fragment));
        }

        deltas.AddRange(parser.Flush());
        return deltas;
    }

    // Joins consecutive text deltas of the same message so different fragmentations compare equal.
    private static List<(HarmonyChannel, string, string?, string?)> Merge(List<HarmonyDelta> deltas)
    {
        var merged = new List<(HarmonyChannel Channel, string Text, string? Recipient, string? Terminator)>();
        var text = new StringBuilder();
        HarmonyDelta? open = null;
        foreach (var delta in deltas)
        {
            if (delta.Terminator is null)
            {
                open = delta;
                text.Append(delta.Text);
                continue;
            }

            merged.Add((delta.Channel, text.ToString(), delta.Recipient, delta.Terminator));
            text.Clear();
            open = null;
        }

        if (open is { } last)
        {
            merged.Add((last.Channel, text.ToString(), last.Recipient, null));
        }

        return merged;
    }

    private const string Answer =
        "<|channel|>analysis<|message|>User asks 2+2. Easy: 4.<|end|><|start|>assistant<|channel|>final<|message|>2 + 2 = **4**.<|return|>";

    private const string ToolCall =
        "<|channel|>analysis<|message|>Need weather.<|end|><|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\":\"Oslo\"}<|call|>";

    [Theory]
    [InlineData(Answer)]
    [InlineData(ToolCall)]
    public void SplitsChannelsWhateverTheFragmentation(string output)
    {
        var expected = Merge(Run([output]));
        for (var cut = 1; cut < output.Length; cut++)
        {
            Assert.Equal(expected, Merge(Run([output[..cut], output[cut..]])));
        }

        Assert.Equal(expected, Merge(Run(output.Select(c => c.ToString()))));
        foreach (var delta in Run(output.Select(c => c.ToString())))
        {
            Assert.DoesNotContain("<|", delta.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReasoningAnswerAndToolCallsLandInTheirChannels()
    {
        Assert.Equal(
            [(HarmonyChannel.Analysis, "User asks 2+2. Easy: 4.", null, "<|end|>"), (HarmonyChannel.Final, "2 + 2 = **4**.", null, "<|return|>")],
            Merge(Run([Answer])));
        Assert.Equal(
            [(HarmonyChannel.Analysis, "Need weather.", null, "<|end|>"), (HarmonyChannel.Commentary, "{\"city\":\"Oslo\"}", "functions.get_weather", "<|call|>")],
            Merge(Run([ToolCall])));
        // Recipient before the channel, as the chat template renders past calls.
        Assert.Equal(
            [(HarmonyChannel.Commentary, "{}", "functions.f", "<|call|>")],
            Merge(Run([" to=functions.f<|channel|>commentary json<|message|>{}<|call|>"])));
    }

    [Fact]
    public void UnframedOrUnfinishedOutputIsStillDelivered()
    {
        Assert.Equal([(HarmonyChannel.Final, "Plain answer, no markup.", null, null)], Merge(Run(["Plain answer", ", no markup."])));
        Assert.Equal([(HarmonyChannel.Analysis, "cut off <|en", null, null)], Merge(Run(["<|channel|>analysis<|message|>cut off <|en"])));
    }
}
