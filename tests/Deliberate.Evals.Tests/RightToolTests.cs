using System.Text.Json;
using Deliberate.Evals.Scoring;
using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Tests;

/// <summary>
/// Issue 6's measure: the expected tool with arguments valid against its declared schema, whatever their values,
/// scored beside the exact match (name and values) without changing it.
/// </summary>
public sealed class RightToolTests : IDisposable
{
    private const string Weather = """{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city","days"],"additionalProperties":false}}}""";
    private const string Time = """{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}}}""";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"deliberate-right-tool-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData("get_weather", """{"city":"Oslo","days":3}""", true, true)]
    [InlineData("get_weather", """{"days":3,"city":"Oslo"}""", true, true)] // JSON Schema does not order keys
    [InlineData("get_weather", """{"city":"Bergen","days":5}""", false, true)] // valid arguments, wrong values
    [InlineData("get_time", """{"zone":"CET"}""", false, false)] // another declared tool, valid for it
    [InlineData("get_time", """{"city":"Oslo","days":3}""", false, false)] // the expected arguments under a wrong name
    [InlineData("get_weather", """{"city":"Oslo"}""", false, false)] // a required key missing
    [InlineData("get_weather", """{"city":"Oslo","days":"3"}""", false, false)] // a string where the schema says integer
    [InlineData("get_weather", """{"city":"Oslo","days":3,"units":"C"}""", false, false)] // an extra key, additionalProperties false
    public void ScoresTheRightToolBesideTheExactCall(string name, string arguments, bool correct, bool rightTool)
    {
        var score = ItemScorer.Score(WeatherItem(), Call(name, arguments));

        Assert.Equal(correct, score.Correct);
        Assert.Equal(rightTool, score.RightTool);
    }

    [Fact]
    public void AKeyTheSchemaDoesNotForbidIsValid()
    {
        // get_time's schema says nothing about additionalProperties, so JSON Schema allows other keys.
        WriteSuite("""{"id":"t2","messages":[{"role":"user","content":"time?"}],"expected":{"name":"get_time","arguments":{"zone":"CET"}},"task":"tool","tools":[""" + Time + "]}");
        var item = EvalSuite.Load(_path).Items[0];

        Assert.Equal(true, ItemScorer.Score(item, Call("get_time", """{"zone":"UTC","format":"24h"}""")).RightTool);
        Assert.Equal(false, ItemScorer.Score(item, Call("get_time", """{"zone":7}""")).RightTool);
    }

    [Fact]
    public void ArgumentsTheClientCouldNotParseAreNotValid()
    {
        // Arguments that would be valid, flagged as a parse failure: the flag alone must decide.
        var reply = Call("get_weather", """{"city":"Oslo","days":3}""");
        reply.Messages[0].Contents.OfType<FunctionCallContent>().Single().Exception = new JsonException("unterminated string");
        var score = ItemScorer.Score(WeatherItem(), reply);

        Assert.Equal(false, score.RightTool);
    }

    [Fact]
    public void NoCallIsNotTheRightToolAndAnswerItemsHaveNoFlag()
    {
        Assert.Equal(false, ItemScorer.Score(WeatherItem(), new ChatResponse(new ChatMessage(ChatRole.Assistant, "It is sunny."))).RightTool);

        WriteSuite("""{"id":"a1","messages":[{"role":"user","content":"2+2?"}],"expected":"4","task":"addition"}""");
        var answerItem = EvalSuite.Load(_path).Items[0];
        var score = ItemScorer.Score(answerItem, new ChatResponse(new ChatMessage(ChatRole.Assistant, "Answer: 4")));

        Assert.True(score.Correct);
        Assert.Null(score.RightTool);
    }

    private EvalItem WeatherItem()
    {
        WriteSuite("""{"id":"t1","messages":[{"role":"user","content":"weather?"}],"expected":{"name":"get_weather","arguments":{"city":"Oslo","days":3}},"task":"tool","tools":[""" + Weather + "," + Time + "]}");
        return EvalSuite.Load(_path).Items[0];
    }

    private void WriteSuite(string line) => File.WriteAllLines(_path, [line]);

    /// <summary>A reply with one call whose arguments are JsonElement values, as the engine and OpenAI clients return them.</summary>
    private static ChatResponse Call(string name, string argumentsJson)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", name, arguments)]));
    }
}
