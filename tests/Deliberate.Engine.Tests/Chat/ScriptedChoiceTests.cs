using System.Text;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tests.Grammar;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// One choice driven token by token by scripted logits (the wanted token far above the rest, greedy sampling), so a
/// test says exactly what the "model" writes and sees what the choice commits: what the thinking budget and the answer
/// gate force, the text, the finish reason. The tiny model's synthetic vocabulary has every byte as a token.
/// </summary>
public sealed class ScriptedChoiceTests : IDisposable
{
    private const string Person = """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}},
         "required":["name","age"],"additionalProperties":false}
        """;

    private const string CityArguments = """
        {"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}
        """;

    private readonly TinyChatModel _tiny = new();

    public void Dispose() => _tiny.Dispose();

    private ChatModel Model => _tiny.Model;

    [Fact]
    public void ACloseTagWrittenAsTextEndsTheBudgetSoNothingIsForcedIntoTheAnswer()
    {
        // The model ends its thinking by spelling "</think>" in ordinary tokens, then answers. Its budget (30) runs out
        // inside the JSON string: a budget still counting would force "\n</think>\n\n" there, which the grammar never
        // sees, and the answer would end with "stop" holding raw newlines in a string.
        var choice = Start(OutputConstraints.JsonSchema(Person, strict: true), room: 200, thinkingBudget: 30);
        choice.Write(Model.ThinkOpenId!.Value);
        choice.WriteText("Let me see.");
        choice.WriteText("</think>");
        choice.WriteText("{\"name\": \"");
        for (var i = 0; i < 40; i++)
        {
            choice.WriteText("a");
        }

        choice.WriteText("\", \"age\": 7}");
        choice.Write(Model.Tokenizer.EosId!.Value);

        Assert.Equal("stop", choice.Finish);
        Assert.Equal(choice.Wanted.SkipLast(1), choice.Committed); // nothing forced, the end of generation not committed
        Assert.Equal("Let me see.", choice.Reasoning);
        Assert.Null(IndependentValidator.Check(Person, Encoding.UTF8.GetBytes(choice.Content.Trim())));
        Assert.Equal("{\"name\": \"" + new string('a', 40) + "\", \"age\": 7}", choice.Content.Trim());
    }

    [Fact]
    public void AStringThatRunsOutOfRoomIsClosedAndTheChoiceEndsWithLength()
    {
        const int Room = 24;
        var choice = Start(OutputConstraints.JsonSchema(Person, strict: true), room: Room);
        choice.WriteText("{\"name\": \"");
        while (!choice.Done)
        {
            choice.WriteText("a");
        }

        Assert.Equal("length", choice.Finish);
        Assert.Equal(Room, choice.Committed.Count);
        var content = choice.Content.Trim();
        Assert.Null(IndependentValidator.Check(Person, Encoding.UTF8.GetBytes(content)));
        Assert.StartsWith("{\"name\": \"aa", content, StringComparison.Ordinal);
        Assert.EndsWith("\",\"age\":0}", content, StringComparison.Ordinal);
    }

    [Fact]
    public void ATokenThatWouldLeaveTooLittleRoomGivesWayToTheClosing()
    {
        // In JSON mode every '[' deepens the value and lengthens its closing by one: the room runs out from both ends.
        // The '[' that would leave less room than its own closing needs is dropped and the closing written instead.
        const int Room = 30;
        var choice = Start(OutputConstraints.JsonObject(), room: Room);
        choice.WriteText("{\"a\": ");
        while (!choice.Done)
        {
            choice.WriteText("[");
        }

        Assert.Equal("length", choice.Finish);
        Assert.True(choice.Committed.Count <= Room);
        var content = choice.Content.Trim();
        Assert.Null(IndependentValidator.Check("""{"type":"object"}""", Encoding.UTF8.GetBytes(content)));
        Assert.Contains("[[[[[[[[", content, StringComparison.Ordinal);
        Assert.EndsWith("]]]]]]]]}", content, StringComparison.Ordinal);
    }

    [Fact]
    public void AForcedToolCallThatRunsOutOfRoomIsClosedWithItsSuffix()
    {
        var choice = Start(OutputConstraints.ToolCall([new ToolSignature("get_weather", CityArguments, Strict: true)]), room: 100);
        choice.Write(Model.Tokenizer.FindToken(OutputConstraints.ToolCallOpen)!.Value);
        choice.WriteText("\n"); // the prefix's newline: the choice forces it, so the script spends a step on it
        choice.WriteText("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"");
        while (!choice.Done)
        {
            choice.WriteText("o");
        }

        AssertClosedCall(choice);
    }

    [Fact]
    public void AnOptionalToolCallThatRunsOutOfRoomIsClosedToo()
    {
        var choice = Start(OutputConstraints.OptionalToolCalls([new ToolSignature("get_weather", CityArguments, Strict: true)]), room: 110);
        choice.WriteText("Checking.");
        choice.Write(Model.Tokenizer.FindToken(OutputConstraints.ToolCallOpen)!.Value);
        choice.WriteText("\n"); // the prefix's newline: the choice forces it, so the script spends a step on it
        choice.WriteText("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"");
        while (!choice.Done)
        {
            choice.WriteText("o");
        }

        AssertClosedCall(choice);
    }

    [Fact]
    public void WithLessRoomThanTheShortestAnswerTheAnswerIsCutAsBefore()
    {
        // {"name":"","age":0} takes more than three tokens: nothing can be saved, so nothing is forced.
        var choice = Start(OutputConstraints.JsonSchema(Person, strict: true), room: 3);
        while (!choice.Done)
        {
            choice.WriteText("{");
            choice.WriteText("\"");
        }

        Assert.Equal("length", choice.Finish);
        Assert.Equal(3, choice.Committed.Count);
        Assert.NotNull(IndependentValidator.Check(Person, Encoding.UTF8.GetBytes(choice.Content.Trim())));
    }

    [Fact]
    public void WhenTheRoomOnlyHoldsTheShortestAnswerItIsWrittenAtOnce()
    {
        var shortest = ShortestAnswerTokens(Person);
        var choice = Start(OutputConstraints.JsonSchema(Person, strict: true), room: shortest);
        choice.WriteText("{\"name\": \"Ada");

        Assert.Equal("length", choice.Finish);
        Assert.Equal("{\"name\":\"\",\"age\":0}", choice.Content.Trim());
        Assert.Equal(shortest, choice.Committed.Count);
    }

    private int ShortestAnswerTokens(string schema)
    {
        var tokens = new List<int>();
        Assert.True(Deliberate.Engine.Grammar.JsonSchemaGrammar.Compile(schema).CreateMatcher(Model.Constraints.Tokens).TryGetShortestCompletionTokens(tokens));
        return tokens.Count;
    }

    private static void AssertClosedCall(Choice choice)
    {
        Assert.Equal("length", choice.Finish);
        var (_, calls) = ToolCallParser.Parse(choice.Content);
        Assert.True(calls.Count == 1, $"[{choice.Content}]");
        var call = calls[0];
        Assert.Equal("get_weather", call.Name);
        Assert.Null(IndependentValidator.Check(CityArguments, Encoding.UTF8.GetBytes(call.ArgumentsJson)));
        Assert.EndsWith("\n</tool_call>", choice.Content, StringComparison.Ordinal);
    }

    private Choice Start(OutputConstraint constraint, int room, int? thinkingBudget = null)
    {
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User("Make up a person.")],
            Effort = Effort.Low,
            ThinkingBudget = thinkingBudget,
            Sampling = SamplerOptions.Greedy,
            Constraint = constraint,
        };
        return new Choice(Model, request, room);
    }

    private sealed class Choice
    {
        private readonly ChatModel _model;
        private readonly RequestEventQueue _queue = new(1 << 14);
        private readonly ChoiceState _state;
        private readonly float[] _logits;
        private readonly StringBuilder _content = new();
        private readonly StringBuilder _reasoning = new();

        public Choice(ChatModel model, ChatRequest request, int room)
        {
            _model = model;
            var budget = model.ResolveThinkingBudget(request.Effort, request.ThinkingBudget).Tokens;
            _state = new(0, model.Transformer.CreateSequence(model.ContextSize), model, request, budget, room, promptOpensReasoning: false, _queue);
            _logits = new float[model.Tokenizer.VocabSize];
        }

        /// <summary>Every token the script asked for.</summary>
        public List<int> Wanted { get; } = [];

        /// <summary>Every token the choice committed, forced ones included.</summary>
        public List<int> Committed { get; } = [];

        public bool Done => _state.Done;

        public string Content => _content.ToString();

        public string Reasoning => _reasoning.ToString();

        public string? Finish { get; private set; }

        /// <summary>
        /// Makes <paramref name="token"/> the model's overwhelming choice for one step (a step where the choice forces
        /// tokens ignores it; a token the gate masks gives way to the lowest allowed one).
        /// </summary>
        public void Write(int token)
        {
            if (_state.Done)
            {
                return;
            }

            Wanted.Add(token);
            Array.Clear(_logits);
            _logits[token] = 100;
            _state.Step(_logits);
            Committed.AddRange(_state.Pending);
            Drain();
        }

        /// <summary>Writes the ordinary tokens of <paramref name="text"/>, one step each.</summary>
        public void WriteText(string text)
        {
            foreach (var token in _model.Tokenizer.Encode(text, addSpecial: false, parseSpecial: false))
            {
                Write(token);
            }
        }

        /// <summary>Reads what the step wrote to the request's queue, as a reader of the scheduler would.</summary>
        private void Drain()
        {
            while (_queue.TryRead(out var item))
            {
                var text = ((ReadOnlySpan<char>)item.Text)[..item.Length];
                switch (item.Kind)
                {
                    case SchedulerEventKind.Content:
                        _content.Append(text);
                        break;
                    case SchedulerEventKind.Reasoning:
                        _reasoning.Append(text);
                        break;
                    case SchedulerEventKind.ChoiceFinished:
                        Finish = item.FinishReason;
                        break;
                }
            }
        }
    }
}
