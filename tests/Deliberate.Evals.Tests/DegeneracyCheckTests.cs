using Deliberate.Evals.Scoring;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Tests;

public sealed class DegeneracyCheckTests
{
    private static Reply ReplyOf(string reasoning = "", string answer = "Answer: 4", bool length = false, bool tool = false) => new(reasoning, answer, length, tool);

    [Fact]
    public void NineteenIdenticalCharactersAreNotDegenerateAndTwentyAre()
    {
        Assert.Null(DegeneracyCheck.Find(ReplyOf(answer: "Answer: " + new string('z', 19))));
        Assert.Equal("a run of 20 'z' in the answer", DegeneracyCheck.Find(ReplyOf(answer: "Answer: " + new string('z', 20))));
        Assert.Equal("a run of 20 '_' in the reasoning", DegeneracyCheck.Find(ReplyOf(reasoning: "def f(): " + new string('_', 20))));
    }

    [Fact]
    public void WhitespaceRunsDoNotCountAndWhitespaceBreaksARun()
    {
        Assert.Null(DegeneracyCheck.Find(ReplyOf(reasoning: "step 1" + new string(' ', 40) + new string('\n', 40) + new string('\t', 40) + "step 2")));
        Assert.Null(DegeneracyCheck.Find(ReplyOf(answer: new string('z', 10) + " " + new string('z', 10))));
        Assert.Null(DegeneracyCheck.Find(ReplyOf(answer: string.Join(' ', Enumerable.Repeat("z", 50)))));
    }

    [Fact]
    public void ARunIsOfOneCharacterNotOfAPattern()
    {
        Assert.Null(DegeneracyCheck.Find(ReplyOf(answer: string.Concat(Enumerable.Repeat("ab", 30)))));
        Assert.Equal(("0", 21), DegeneracyCheck.LongestRun("1" + new string('0', 21) + "1"));
        Assert.Equal(("☃", 20), DegeneracyCheck.LongestRun(string.Concat(Enumerable.Repeat("☃", 20))));
        Assert.Equal(("😀", 20), DegeneracyCheck.LongestRun(string.Concat(Enumerable.Repeat("😀", 20)))); // surrogate pairs count once
        Assert.Equal(("U+0000", 25), DegeneracyCheck.LongestRun(new string('\0', 25)));
        Assert.Equal(("", 0), DegeneracyCheck.LongestRun("   "));
    }

    [Fact]
    public void HittingTheLimitIsDegenerateOnlyWithoutAnAnswer()
    {
        Assert.Equal("hit the length limit without an answer", DegeneracyCheck.Find(ReplyOf(reasoning: "17 * 23 = ...", answer: "", length: true)));
        Assert.Null(DegeneracyCheck.Find(ReplyOf(answer: "Answer: 39", length: true))); // cut short, but it answered
        Assert.Null(DegeneracyCheck.Find(ReplyOf(answer: "", length: true, tool: true))); // a tool call is an answer
        Assert.Null(DegeneracyCheck.Find(ReplyOf(answer: "", length: false))); // an empty stop is wrong, not a loop
    }

    [Fact]
    public void TheReplyIsTakenApartIntoReasoningAndAnswer()
    {
        var engine = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("17 * 23"), new TextContent("\nAnswer: 391\n")]))
        {
            FinishReason = ChatFinishReason.Stop,
        };
        Assert.Equal(new Reply("17 * 23", "Answer: 391", false, false), Reply.From(engine));

        // An endpoint without a reasoning parser leaves the think block in the content.
        var inline = new ChatResponse(new ChatMessage(ChatRole.Assistant, "<think>" + new string('z', 30) + "</think>\nHello!")) { FinishReason = ChatFinishReason.Length };
        var reply = Reply.From(inline);
        Assert.Equal(new string('z', 30), reply.Reasoning);
        Assert.Equal("Hello!", reply.Answer);
        Assert.True(reply.HitLengthLimit);
        Assert.Equal("a run of 30 'z' in the reasoning", DegeneracyCheck.Find(reply));

        // The OpenAI adapter reports message.refusal as an error content coded "Refusal": it is the answer.
        var refusal = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new ErrorContent("I can't help with that.") { ErrorCode = "Refusal" }]));
        Assert.True(RefusalRule.IsRefusal(Reply.From(refusal).Answer));

        var call = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "get_weather")])) { FinishReason = ChatFinishReason.Length };
        Assert.True(Reply.From(call).CalledTool);
    }
}
