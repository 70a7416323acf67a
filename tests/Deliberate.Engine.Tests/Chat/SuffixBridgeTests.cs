using System.Text;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Tests.Tokenization;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// The tokens that end a forced tool call and begin its closing tag in one piece, on Qwen3's real vocabulary: each is
/// value bytes ending in '}' then a prefix of the suffix; "}\n" is among them, ".\n" (no object ends in '.') is not.
/// The gate's use of them is shown end to end by NanoToolLoopTests (tool_choice required).
/// </summary>
public sealed class SuffixBridgeTests
{
    private const string Suffix = "\n</tool_call>";

    [Fact]
    public void BridgesAreObjectEndsFollowedByAPrefixOfTheSuffix()
    {
        var tokenizer = Tokenizer.Create(RealVocabularies.Data("qwen3"));
        var vocabulary = new ConstraintVocabulary(tokenizer);
        var bridges = vocabulary.BridgesInto(Suffix);
        var suffix = Encoding.UTF8.GetBytes(Suffix);
        Assert.InRange(bridges.Length, 2, 500);
        foreach (var bridge in bridges)
        {
            var bytes = vocabulary.Tokens.GetTokenBytes(bridge.Id);
            Assert.Equal(bytes.Length, bridge.ValueBytes + bridge.SuffixBytes);
            Assert.Equal((byte)'}', bytes[bridge.ValueBytes - 1]);
            Assert.True(suffix.AsSpan().StartsWith(bytes[bridge.ValueBytes..]), tokenizer.Decode([bridge.Id]));
        }

        var ids = bridges.Select(b => b.Id).ToHashSet();
        Assert.Contains(tokenizer.Encode("}\n", addSpecial: false, parseSpecial: false).Single(), ids);
        Assert.DoesNotContain(tokenizer.Encode(".\n", addSpecial: false, parseSpecial: false).Single(), ids);
        Assert.Same(bridges, vocabulary.BridgesInto(Suffix)); // computed once per vocabulary and suffix
    }
}
