using System.Text.Json;
using OutputConstraints = Deliberate.Engine.Chat.OutputConstraints;
using Deliberate.Server.Chat;
using Deliberate.Server.Configuration;

namespace Deliberate.Server.Tests.Server;

/// <summary>How a choice's text becomes the API message: parallel calls, calls recovered from the reasoning, plain text.</summary>
public sealed class ChoiceOutcomeTests
{
    private static readonly JsonElement WeatherTool = JsonDocument.Parse("""{"type":"function","function":{"name":"get_weather"}}""").RootElement.Clone();

    private static ChatRequest Request(bool tools) => new()
    {
        Model = new ServedModel(new ModelOptions { Id = "m" }, 0),
        RequestedModel = "m",
        Messages = [new ChatTurn("user", "hi")],
        MaxCompletionTokens = 10,
        Structured = tools ? new StructuredOutputs([WeatherTool], null, ParseToolCalls: true) : StructuredOutputs.None,
    };

    [Fact]
    public void ParallelCallsBecomeSeveralToolCallsWithDistinctIds()
    {
        var answer = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lima\"}}\n</tool_call>";
        var (content, calls, finish) = ChoiceOutcome.Resolve(Request(tools: true), answer, "", "stop");
        Assert.Null(content);
        Assert.Equal("tool_calls", finish);
        Assert.Equal(2, calls!.Count);
        Assert.NotEqual(calls[0].Id, calls[1].Id);
        Assert.All(calls, c => Assert.Matches("^call_[0-9a-f]{24}$", c.Id));
        Assert.Equal(["{\"city\": \"Oslo\"}", "{\"city\": \"Lima\"}"], calls.Select(c => c.Function.Arguments));
    }

    [Fact]
    public void ACallWrittenOnlyInTheReasoningIsRecoveredWhenItNamesADeclaredTool()
    {
        var reasoning = "I should look it up.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Pune\"}}\n</tool_call>";
        var (content, calls, finish) = ChoiceOutcome.Resolve(Request(tools: true), "Let me check.", reasoning, "stop");
        Assert.Equal("Let me check.", content);
        Assert.Equal("tool_calls", finish);
        Assert.Equal("get_weather", Assert.Single(calls!).Function.Name);

        var undeclared = reasoning.Replace("get_weather", "launch_rocket", StringComparison.Ordinal);
        var (_, none, stop) = ChoiceOutcome.Resolve(Request(tools: true), "Let me check.", undeclared, "stop");
        Assert.Null(none);
        Assert.Equal("stop", stop);
    }

    /// <summary>
    /// With <c>tool_choice: auto</c> the answer's calls are held to the tools' grammar; a call recovered from the
    /// unconstrained reasoning must pass the same grammar, or the client would get arguments its schema forbids.
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
        var request = Request(tools: true) with { Structured = new StructuredOutputs([tool], constraint, ParseToolCalls: true) };
        var reasoning = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": " + arguments + "}\n</tool_call>";

        var (content, calls, finish) = ChoiceOutcome.Resolve(request, "Let me check.", reasoning, "stop");

        Assert.Equal("Let me check.", content);
        Assert.Equal(recovered ? "tool_calls" : "stop", finish);
        Assert.Equal(recovered ? 1 : 0, calls?.Count ?? 0);
    }

    [Fact]
    public void WithoutToolsCallSyntaxIsJustText()
    {
        var answer = "<tool_call>{\"name\": \"get_weather\", \"arguments\": {}}</tool_call>";
        var (content, calls, finish) = ChoiceOutcome.Resolve(Request(tools: false), answer, "", "length");
        Assert.Equal(answer, content);
        Assert.Null(calls);
        Assert.Equal("length", finish);
    }
}
