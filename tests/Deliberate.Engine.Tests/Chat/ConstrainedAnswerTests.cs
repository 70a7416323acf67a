using System.Text;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Grammar;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tests.Grammar;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// The answer constraint waits for the reasoning to end: a random-weight model thinks freely (its reasoning is
/// never masked), and whatever it thinks, the visible answer is valid JSON of the schema, or a well-formed forced
/// tool call. Sampling at temperature 1 with seeds explores many paths through the mask.
/// </summary>
public sealed class ConstrainedAnswerTests : IDisposable
{
    private const string PersonSchema = """
        {"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer","minimum":0,"maximum":130},
        "tags":{"type":"array","items":{"enum":["a","b","c"]},"maxItems":3}},"required":["name","age","tags"],"additionalProperties":false}
        """;

    private const string WeatherArguments = """
        {"type":"object","properties":{"city":{"type":"string","maxLength":16},"unit":{"enum":["c","f"]}},"required":["city","unit"],"additionalProperties":false}
        """;

    private readonly TinyChatModel _tiny = new(options: new ChatModelOptions { Threads = 2, ContextSize = 512, Budgets = new EffortBudgets { Low = 4, Medium = 12, High = 24 } });

    public void Dispose() => _tiny.Dispose();

    private async Task<(string Reasoning, string Content, string Finish)> Run(OutputConstraint constraint, ulong seed, IReadOnlyDictionary<int, float>? bias = null)
    {
        var (reasoning, content, _, finish) = await RunWithRefusal(constraint, seed, bias);
        return (reasoning, content, finish);
    }

    private async Task<(string Reasoning, string Content, string Refusal, string Finish)> RunWithRefusal(OutputConstraint constraint, ulong seed, IReadOnlyDictionary<int, float>? bias = null)
    {
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User("Describe a person as JSON.")],
            Effort = Effort.Medium,
            MaxCompletionTokens = 400,
            Sampling = new SamplerOptions { Temperature = 1, Seed = seed, LogitBias = bias },
            Constraint = constraint,
        };
        var reasoning = new StringBuilder();
        var content = new StringBuilder();
        var refusal = new StringBuilder();
        var finish = "";
        await foreach (var e in new ChatGenerator(_tiny.Model).GenerateAsync(request))
        {
            switch (e)
            {
                case ReasoningChunk r: reasoning.Append(r.Text); break;
                case ContentChunk c: content.Append(c.Text); break;
                case RefusalChunk r: refusal.Append(r.Text); break;
                case ChoiceFinished f: finish = f.Outcome.FinishReason; break;
            }
        }

        return (reasoning.ToString(), content.ToString(), refusal.ToString(), finish);
    }

    [Fact]
    public async Task EveryAnswerValidatesAgainstTheSchemaWhateverTheModelThought()
    {
        var grammar = JsonSchemaGrammar.Compile(PersonSchema);
        var thought = 0;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            var (reasoning, content, finish) = await Run(new OutputConstraint { Grammar = grammar }, seed);
            Assert.True(finish == "stop", $"{finish}: reasoning [{reasoning}] content [{content}]");
            Assert.DoesNotContain("<think>", content, StringComparison.Ordinal);
            Assert.DoesNotContain("</think>", content, StringComparison.Ordinal);
            Assert.Null(IndependentValidator.Check(PersonSchema, Encoding.UTF8.GetBytes(content.Trim())));
            thought += reasoning.Length > 0 ? 1 : 0;
        }

        // The mask lets the model open its thinking before answering; random weights take that path sometimes.
        Assert.True(thought > 0, "no run reasoned before answering");
    }

    [Fact]
    public async Task JsonModeAnswersAreObjects()
    {
        // Random weights wander inside free strings; a nudge towards closing them keeps the runs short.
        var tokenizer = _tiny.Model.Tokenizer;
        var closers = new Dictionary<int, float> { [tokenizer.FindToken("\"")!.Value] = 4, [tokenizer.FindToken("}")!.Value] = 4 };
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var (_, content, finish) = await Run(new OutputConstraint { Grammar = JsonSchemaGrammar.JsonObject() }, seed, closers);
            Assert.Equal("stop", finish);
            using var doc = System.Text.Json.JsonDocument.Parse(content.Trim());
            Assert.Equal(System.Text.Json.JsonValueKind.Object, doc.RootElement.ValueKind);
        }
    }

    [Fact]
    public async Task AForcedToolCallIsWellFormedAndEndsTheChoice()
    {
        var callSchema = $$"""
            {"type":"object","properties":{"name":{"const":"get_weather"},"arguments":{{WeatherArguments}}},"required":["name","arguments"],"additionalProperties":false}
            """;
        var constraint = new OutputConstraint { Grammar = JsonSchemaGrammar.Compile(callSchema), Prefix = "<tool_call>\n", Suffix = "\n</tool_call>" };
        for (ulong seed = 1; seed <= 8; seed++)
        {
            var (_, content, finish) = await Run(constraint, seed);
            Assert.Equal("stop", finish);
            Assert.EndsWith("</tool_call>", content, StringComparison.Ordinal);
            var (text, calls) = ToolCallParser.Parse(content);
            var call = Assert.Single(calls);
            Assert.Equal("get_weather", call.Name);
            Assert.Null(IndependentValidator.Check(WeatherArguments, Encoding.UTF8.GetBytes(call.ArgumentsJson)));
            Assert.True(string.IsNullOrWhiteSpace(text), text);
        }
    }

    private static readonly ToolSignature[] Declared =
    [
        new("get_weather", """{"type":"object","properties":{"city":{"type":"string","maxLength":16},"unit":{"enum":["c","f"]}},"required":["city","unit"]}"""),
        new("add", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}"""),
    ];

    [Fact]
    public async Task WithOptionalToolCallsEveryCallTheModelOpensNamesADeclaredToolWithValidArguments()
    {
        // A strong nudge towards <tool_call> makes the random model open calls (one after another, since the answer
        // is free again after each); unconstrained, what follows the tag is noise.
        var toolCall = _tiny.Model.Tokenizer.FindToken("<tool_call>")!.Value;
        var bias = new Dictionary<int, float> { [toolCall] = 8 };
        var constraint = OutputConstraints.OptionalToolCalls(Declared);
        var valid = 0;
        var unconstrainedValid = 0;
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var (_, content, _) = await Run(constraint, seed, bias);
            foreach (var call in ToolCallParser.Parse(content).Calls)
            {
                var tool = Assert.Single(Declared, t => t.Name == call.Name);
                Assert.Null(IndependentValidator.Check(tool.ParametersSchema!, Encoding.UTF8.GetBytes(call.ArgumentsJson)));
                valid++;
            }

            unconstrainedValid += ToolCallParser.Parse((await Run(new OutputConstraint(), seed, bias)).Content).Calls
                .Count(c => Declared.Any(t => t.Name == c.Name));
        }

        Assert.True(valid >= 6, $"{valid} calls in 6 runs");
        Assert.Equal(0, unconstrainedValid);
    }

    [Fact]
    public async Task OptionalToolCallsLeaveAnAnswerWithoutACallAsTheModelWroteIt()
    {
        // The random model opens a call now and then by itself; the seeds where it does not are compared.
        var compared = 0;
        for (ulong seed = 1; seed <= 8; seed++)
        {
            var free = await Run(new OutputConstraint(), seed);
            if (!free.Content.Contains("<tool_call>", StringComparison.Ordinal))
            {
                Assert.Equal(free, await Run(OutputConstraints.OptionalToolCalls(Declared), seed));
                compared++;
            }
        }

        Assert.True(compared >= 2, $"only {compared} of 8 runs answered without a call");
    }

    [Fact]
    public void ToolArgumentsWithoutAWordOnOtherKeysTakeOnlyTheDeclaredOnes()
    {
        var grammar = OutputConstraints.ToolCall(Declared).Grammar!;
        Assert.True(Matches(grammar, """{"name": "add", "arguments": {"a": 1, "b": 2}}"""));
        Assert.False(Matches(grammar, """{"name": "add", "arguments": {"a": 1, "b": 2, "c": 3}}"""));
        Assert.False(Matches(grammar, """{"name": "sub", "arguments": {"a": 1, "b": 2}}"""));
        var open = OutputConstraints.ToolCall([new ToolSignature("f", """{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":true}""")]).Grammar!;
        Assert.True(Matches(open, """{"name": "f", "arguments": {"a": 1, "c": 3}}"""));
        var patterned = OutputConstraints.ToolCall([new ToolSignature("f", """{"type":"object","properties":{"a":{"type":"integer"}},"patternProperties":{"^x_":{}}}""")]).Grammar!;
        Assert.True(Matches(patterned, """{"name": "f", "arguments": {"a": 1, "x_1": 3}}"""));
    }

    private bool Matches(CompiledGrammar grammar, string json)
    {
        var matcher = grammar.CreateMatcher(_tiny.Model.Constraints.Tokens);
        return matcher.AcceptBytes(Encoding.UTF8.GetBytes(json)) && matcher.IsComplete;
    }

    [Fact]
    public async Task AForbiddenTokenNeverReachesTheAnswerEvenWhenTheModelPrefersIt()
    {
        var toolCall = _tiny.Model.Tokenizer.FindToken("<tool_call>")!.Value;
        var bias = new Dictionary<int, float> { [toolCall] = 50 };
        var unconstrained = await Run(new OutputConstraint(), 1, bias);
        Assert.Contains("<tool_call>", unconstrained.Content, StringComparison.Ordinal);
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var (_, content, _) = await Run(new OutputConstraint { ForbiddenTokens = ["<tool_call>"] }, seed, bias);
            Assert.DoesNotContain("<tool_call>", content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AModelThatOpensWithARefusalPhraseRefusesInsteadOfAnsweringJson()
    {
        var tokenizer = _tiny.Model.Tokenizer;
        var phrase = tokenizer.Encode("I'm sorry", addSpecial: false);
        var constraint = new OutputConstraint { Grammar = JsonSchemaGrammar.Compile(PersonSchema), RefusalPrefixes = ["I'm sorry", "I cannot"] };
        var refusing = new Dictionary<int, float> { [phrase[0]] = 60 };
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var (_, content, refusal, _) = await RunWithRefusal(constraint, seed, refusing);
            Assert.Equal("", content);
            Assert.StartsWith(phrase.Length > 1 ? "I" : "I'm sorry", refusal.TrimStart(), StringComparison.Ordinal);
            Assert.True(refusal.TrimStart().StartsWith("I'm sorry", StringComparison.Ordinal) || refusal.TrimStart().StartsWith("I cannot", StringComparison.Ordinal), refusal);
        }

        // Without the nudge the same constraint still answers JSON on these seeds, and nothing is reported as refusal.
        var answered = 0;
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var (_, content, refusal, finish) = await RunWithRefusal(constraint, seed);
            if (refusal.Length == 0 && finish == "stop")
            {
                Assert.Null(IndependentValidator.Check(PersonSchema, Encoding.UTF8.GetBytes(content.Trim())));
                answered++;
            }
            else
            {
                Assert.Equal("", content);
            }
        }

        Assert.True(answered > 0, "every run refused");
    }
}
