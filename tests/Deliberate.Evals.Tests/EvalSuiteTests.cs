using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Tests;

public sealed class EvalSuiteTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"deliberate-suite-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void ToolCallsScoreWithArgumentsAsTheEngineClientReturnsThem()
    {
        File.WriteAllLines(_path,
        [
            """{"id":"t1","messages":[{"role":"user","content":"weather?"}],"expected":{"name":"get_weather","arguments":{"city":"Oslo","days":3}},"task":"tools","difficulty":1,"tools":[{"type":"function","function":{"name":"get_weather"}}]}""",
        ]);
        var item = EvalSuite.Load(_path).Items[0];

        // EngineChatClient parses arguments into JsonElement values.
        using var args = System.Text.Json.JsonDocument.Parse("""{"days": 3.0, "city": "Oslo"}""");
        var arguments = args.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        ChatResponse Call(IDictionary<string, object?> a) => new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", a)]));

        Assert.True(Deliberate.Evals.Scoring.ItemScorer.Score(item, Call(arguments)).Correct);
        arguments["days"] = 4;
        Assert.False(Deliberate.Evals.Scoring.ItemScorer.Score(item, Call(arguments)).Correct);
    }

    [Fact]
    public void LoadsItemsWithToolsAndObjectExpectations()
    {
        File.WriteAllLines(_path,
        [
            """{"id":"a1","messages":[{"role":"developer","content":"Reasoning effort: high"},{"role":"user","content":"2+2?"}],"expected":"4","task":"addition","difficulty":1}""",
            "",
            """{"id":"t1","messages":[{"role":"user","content":"weather?"}],"expected":{"name":"get_weather","arguments":{"city":"Oslo"}},"task":"tools","difficulty":"unseen","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""",
        ]);

        var suite = EvalSuite.Load(_path);

        Assert.Equal(2, suite.Items.Count);
        Assert.Equal("developer", suite.Items[0].Messages[0].Role.Value);
        Assert.Equal("1", suite.Items[0].Difficulty);
        Assert.False(suite.Items[0].ExpectsToolCall);
        Assert.True(suite.Items[1].ExpectsToolCall);
        Assert.Single(suite.Items[1].Tools);
    }

    [Theory]
    [InlineData("{not json", 1)]
    [InlineData("""{"id":"x","messages":[],"expected":"1"}""", 1)]
    [InlineData("""{"id":"x","messages":[{"role":"wizard","content":"hi"}],"expected":"1"}""", 1)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"expected":"1"}""", 1)]
    public void RejectsBadLinesNamingTheLine(string line, int lineNumber)
    {
        File.WriteAllLines(_path, [line]);
        var error = Assert.Throws<EvalSuiteFormatException>(() => EvalSuite.Load(_path));
        Assert.Equal(lineNumber, error.Line);
    }

    [Fact]
    public void RejectsDuplicateIds()
    {
        const string Line = """{"id":"x","messages":[{"role":"user","content":"hi"}],"expected":"1"}""";
        File.WriteAllLines(_path, [Line, Line]);
        Assert.Contains("duplicate", Assert.Throws<EvalSuiteFormatException>(() => EvalSuite.Load(_path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoolsSuitesInOrderAndRejectsAnIdTwice()
    {
        const string Line = """{"id":"ID","messages":[{"role":"user","content":"2+2?"}],"expected":"4","task":"TASK","difficulty":1}""";
        var second = _path + ".second.jsonl";
        try
        {
            File.WriteAllLines(_path, [Line.Replace("ID", "a1").Replace("TASK", "add"), Line.Replace("ID", "a2").Replace("TASK", "add")]);
            File.WriteAllLines(second, [Line.Replace("ID", "m1").Replace("TASK", "mul")]);
            var pooled = EvalSuite.Pool("mixed", [EvalSuite.Load(_path), EvalSuite.Load(second)]);
            Assert.Equal("mixed", pooled.Name);
            Assert.Equal(["a1", "a2", "m1"], pooled.Items.Select(i => i.Id));
            Assert.Equal(["a1", "m1"], EvalSuite.Pool("quick", [EvalSuite.Load(_path), EvalSuite.Load(second)], itemsPerSuite: 1).Items.Select(i => i.Id));

            var twice = Assert.Throws<ArgumentException>(() => EvalSuite.Pool("twice", [EvalSuite.Load(_path), EvalSuite.Load(_path)]));
            Assert.Contains("'a1'", twice.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(second);
        }
    }
}
