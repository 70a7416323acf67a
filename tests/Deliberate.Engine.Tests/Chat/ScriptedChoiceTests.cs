using System.Text;
using Deliberate.Engine.Chat;
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

    private Choice Start(OutputConstraint constraint, int room, int? thinkingBudget = null)
    {
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User("Make up a person.")],
            Effort = "low",
            ThinkingBudget = thinkingBudget,
            Sampling = SamplerOptions.Greedy,
            Constraint = constraint,
        };
        return new Choice(Model, request, room);
    }

    private sealed class Choice(ChatModel model, ChatRequest request, int room)
    {
        private readonly ChoiceState _state = new(0, model.Model.CreateSequence(model.ContextSize), model, request, room, promptOpensReasoning: false);
        private readonly float[] _logits = new float[model.Tokenizer.VocabSize];
        private readonly List<ChatEvent> _events = [];

        /// <summary>Every token the script asked for.</summary>
        public List<int> Wanted { get; } = [];

        /// <summary>Every token the choice committed, forced ones included.</summary>
        public List<int> Committed { get; } = [];

        public bool Done => _state.Done;

        public string Content => string.Concat(_events.OfType<ContentChunk>().Select(c => c.Text));

        public string Reasoning => string.Concat(_events.OfType<ReasoningChunk>().Select(c => c.Text));

        public string? Finish => _events.OfType<ChoiceFinished>().SingleOrDefault()?.FinishReason;

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
            _state.Step(_logits, _events);
            Committed.AddRange(_state.Pending);
        }

        /// <summary>Writes the ordinary tokens of <paramref name="text"/>, one step each.</summary>
        public void WriteText(string text)
        {
            foreach (var token in model.Tokenizer.Encode(text, addSpecial: false, parseSpecial: false))
            {
                Write(token);
            }
        }
    }
}
