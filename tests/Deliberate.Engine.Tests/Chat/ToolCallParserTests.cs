using Deliberate.Engine.Chat;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>Tool-call syntax of the model families we serve, parsed into calls; everything else stays content.</summary>
public sealed class ToolCallParserTests
{
    [Fact]
    public void HermesBlocksBecomeCallsAndTheRestStaysContent()
    {
        var (text, calls) = ToolCallParser.Parse("Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>\n<tool_call>{\"name\":\"get_time\",\"arguments\":{}}</tool_call>");
        Assert.Equal("Let me check.", text);
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.Name));
        Assert.Equal("{\"city\": \"Oslo\"}", calls[0].ArgumentsJson);
    }

    [Theory]
    [InlineData("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Lima\"}}")]
    [InlineData("<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Lima\"}}")]
    public void Llama3CallsAreTheWholeAnswer(string answer)
    {
        var (text, calls) = ToolCallParser.Parse(answer);
        Assert.Equal("", text);
        var call = Assert.Single(calls);
        Assert.Equal(("get_weather", "{\"city\": \"Lima\"}"), (call.Name, call.ArgumentsJson));
    }

    [Theory]
    [InlineData("{\"name\": \"Ada\", \"age\": 36}")]
    [InlineData("<tool_call>{\"name\": broken</tool_call>")]
    [InlineData("The answer is {\"name\": \"x\", \"parameters\": {}} inside text.")]
    public void OtherTextIsNotACall(string answer)
    {
        var (text, calls) = ToolCallParser.Parse(answer);
        Assert.Empty(calls);
        Assert.Equal(answer.Trim(), text);
    }

    /// <summary>Seen from deliberate-nano: a key written twice. The last wins; nothing throws.</summary>
    [Theory]
    [InlineData("{\"tro\": 1, \"tro\": 2}", 1, "2")]
    [InlineData("{\"a\": \"x\", \"b\": true}", 2, "\"x\"")]
    [InlineData("{}", 0, null)]
    public void ArgumentsKeepTheLastOfARepeatedKey(string json, int count, string? first)
    {
        var call = EngineChatClient.CallContent("call_1", "f", json);
        Assert.Null(call.Exception);
        Assert.Equal(count, call.Arguments!.Count);
        if (first is not null)
            Assert.Equal(first, ((System.Text.Json.JsonElement)call.Arguments.First().Value!).GetRawText());
    }

    /// <summary>
    /// Arguments that do not parse, or are not an object, are reported on the call (as the OpenAI adapter does), not
    /// replaced by an empty dictionary that would run the function with no parameters.
    /// </summary>
    [Theory]
    [InlineData("{\"a\": ")]
    [InlineData("[1, 2]")]
    [InlineData("7")]
    [InlineData("")]
    public void UnparseableArgumentsAreTheCallsException(string json)
    {
        var call = EngineChatClient.CallContent("call_1", "f", json);
        Assert.NotNull(call.Exception);
        Assert.Equal("f", call.Name);
    }
}
