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
}
