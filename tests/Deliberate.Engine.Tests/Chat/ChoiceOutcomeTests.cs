using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// What a finished choice is, as the engine decides it for every surface: parallel calls, calls recovered from the
/// reasoning (only those the answer's grammar would have allowed), refusals, trimmed constrained content, plain text.
/// </summary>
public sealed class ChoiceOutcomeTests
{
    private static readonly JsonElement WeatherTool = JsonDocument.Parse("""{"type":"function","function":{"name":"get_weather"}}""").RootElement.Clone();

    private static ChatRequest Request(bool tools, OutputConstraint? constraint = null, JsonElement? tool = null) => new()
    {
        Messages = [ChatTemplateMessage.User("hi")],
        Tools = tools ? [tool ?? WeatherTool] : null,
        Constraint = constraint,
    };

    private static ChoiceOutcome Decide(ChatRequest request, string content, string reasoning = "", string finish = "stop", string? refusal = null) =>
        ChoiceOutcome.Decide(request, content, reasoning, refusal, finish, completionTokens: 30, reasoningTokens: 10);

    [Fact]
    public void ParallelCallsBecomeSeveralToolCalls()
    {
        var answer = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lima\"}}\n</tool_call>";
        var outcome = Decide(Request(tools: true), answer);
        Assert.Null(outcome.Content);
        Assert.Equal("tool_calls", outcome.FinishReason);
        Assert.Equal(["{\"city\": \"Oslo\"}", "{\"city\": \"Lima\"}"], outcome.ToolCalls.Select(c => c.ArgumentsJson));
        Assert.Equal((30, 10), (outcome.CompletionTokens, outcome.ReasoningTokens));
    }

    [Fact]
    public void ACallClosedBecauseTheRoomRanOutKeepsLength()
    {
        // The engine closed the arguments the shortest way when max_completion_tokens ran out: a valid call, cut short.
        var answer = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Osl\"}}\n</tool_call>";
        var outcome = Decide(Request(tools: true), answer, finish: "length");
        Assert.Equal("get_weather", Assert.Single(outcome.ToolCalls).Name);
        Assert.Equal("length", outcome.FinishReason);
    }

    [Fact]
    public void ACallWrittenOnlyInTheReasoningIsRecoveredWhenItNamesADeclaredTool()
    {
        var reasoning = "I should look it up.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Pune\"}}\n</tool_call>";
        var outcome = Decide(Request(tools: true), "Let me check.", reasoning);
        Assert.Equal("Let me check.", outcome.Content);
        Assert.Equal("tool_calls", outcome.FinishReason);
        Assert.Equal("get_weather", Assert.Single(outcome.ToolCalls).Name);
        Assert.Equal(reasoning, outcome.Reasoning);

        var undeclared = Decide(Request(tools: true), "Let me check.", reasoning.Replace("get_weather", "launch_rocket", StringComparison.Ordinal));
        Assert.Empty(undeclared.ToolCalls);
        Assert.Equal("stop", undeclared.FinishReason);
    }

    /// <summary>
    /// With <c>tool_choice: auto</c> the answer's calls are held to the tools' grammar; a call recovered from the
    /// unconstrained reasoning must pass the same grammar, or the caller would get arguments its schema forbids.
    /// </summary>
    [Theory]
    [InlineData("{\"city\": \"Pune\"}", true)]
    [InlineData("{\"city\":\"Pune\"}", true)]
    [InlineData("{\"city\": 7}", false)]
    [InlineData("{\"town\": \"Pune\"}", false)]
    [InlineData("{}", false)]
    [InlineData("{\"city\": \"Pune\", \"units\": \"c\"}", false)]
    public void ARecoveredCallMustHaveSchemaValidArguments(string arguments, bool recovered)
    {
        var tool = JsonDocument.Parse("""
            {"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
             "properties":{"city":{"type":"string"}},"required":["city"]}}}
            """).RootElement.Clone();
        var constraint = OutputConstraints.OptionalToolCalls(OutputConstraints.SignaturesOf([tool]));
        var reasoning = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": " + arguments + "}\n</tool_call>";

        var outcome = Decide(Request(tools: true, constraint, tool), "Let me check.", reasoning);

        Assert.Equal("Let me check.", outcome.Content);
        Assert.Equal(recovered ? "tool_calls" : "stop", outcome.FinishReason);
        Assert.Equal(recovered ? 1 : 0, outcome.ToolCalls.Count);
    }

    [Fact]
    public void WithoutToolsOrWithCallsForbiddenCallSyntaxIsJustText()
    {
        var answer = "<tool_call>{\"name\": \"get_weather\", \"arguments\": {}}</tool_call>";
        var plain = Decide(Request(tools: false), answer, finish: "length");
        Assert.Equal((answer, "length"), (plain.Content, plain.FinishReason));
        Assert.Empty(plain.ToolCalls);

        var none = Decide(Request(tools: true, OutputConstraints.NoToolCalls()), answer);
        Assert.Equal(answer, none.Content);
        Assert.Empty(none.ToolCalls);
    }

    [Fact]
    public void ConstrainedContentIsTrimmedAndARefusalReplacesIt()
    {
        var json = Request(tools: false, OutputConstraints.JsonObject());
        Assert.Equal("{\"a\": 1}", Decide(json, "\n {\"a\": 1}\n").Content);

        var refused = Decide(json, "", refusal: " I'm sorry, I can't. ");
        Assert.Null(refused.Content);
        Assert.Equal("I'm sorry, I can't.", refused.Refusal);
    }
}
