using Deliberate.Engine.Chat;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// The model a fresh clone serves, <c>models/deliberate-nano.gguf</c>, runs the same in llama.cpp as in our engine:
/// the same greedy continuation of real chat prompts at every effort (our tokenizer and template make the prompt).
/// </summary>
public sealed class ShippedModelTests
{
    private const int Steps = 48;

    [Theory]
    [InlineData("low", "What is 4821 + 357?")]
    [InlineData("medium", "What is 63 * 47?")]
    [InlineData("high", "Sort these numbers in ascending order: 52, 7, 301, 18.")]
    public void GreedyContinuationIsTheSameInLlamaCpp(string effort, string question)
    {
        var path = RepositoryPaths.ShippedNano;
        using var chat = ChatModel.Load(path, new ChatModelOptions { Threads = 2 });
        var generator = new ChatGenerator(chat);
        var prompt = generator.Prepare(new ChatRequest { Messages = [ChatTemplateMessage.User(question)], Effort = Efforts.Parse(effort) }).Tokens;
        var reference = LlamaCppReferenceTests.RunLlamaCpp(path, prompt, Steps);

        var model = chat.Transformer;
        var sequence = model.CreateSequence(chat.ContextSize);
        var state = model.CreateState(prompt.Length, 1);
        model.Forward(prompt.Select((t, i) => new BatchToken(sequence, t, i == prompt.Length - 1)).ToArray(), state);
        var lastPromptLogits = state.GetLogits(0).ToArray();
        var ours = new List<int>();
        for (var step = 0; step < Steps; step++)
        {
            var next = TorchReferenceTests.ArgMax(state.GetLogits(0).ToArray());
            ours.Add(next);
            if (step < Steps - 1)
            {
                model.Forward([new BatchToken(sequence, next, true)], state);
            }
        }

        // Compare what a reply is: the tokens up to and including the first end of generation. Past it the model was
        // never trained, its logits are near-ties, and rounding order alone may pick a different token.
        Assert.Equal(UpToEnd(reference.Tokens, chat), UpToEnd(ours, chat));
        TorchReferenceTests.AssertClose(reference.Logits[0], lastPromptLogits, 1e-3f, "last prompt position");
    }

    private static List<int> UpToEnd(List<int> tokens, ChatModel chat)
    {
        var end = tokens.FindIndex(chat.Tokenizer.EndOfGenerationIds.Contains);
        return end < 0 ? tokens : tokens[..(end + 1)];
    }
}
