using Deliberate.Engine.Chat;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// The path the server runs allocates nothing per token: a request of three sampled choices with penalties, top-k,
/// top-p, min-p, a stop string and budget forcing decodes two hundred tokens each through the scheduler, and the bytes
/// allocated on the scheduler thread are measured step by step. Admission, prefill and completion allocate (per
/// request); every step between them must allocate nothing, the step that forces the thinking closed included.
/// </summary>
public sealed class SchedulerAllocationTests : IDisposable
{
    private const string OpensThinking = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
        + "{% if add_generation_prompt %}<|im_start|>assistant\n<think>\n{% endif %}";

    private const int Tokens = 200;
    private const int Budget = 60;

    private readonly TinyChatModel _tiny = new(OpensThinking, options: new ChatModelOptions
    {
        Threads = 2, ContextSize = 512, MaxActiveSequences = 4, PrefixCacheEntries = 0,
    });

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task DecodeStepsOnTheSchedulerThreadAllocateNothing()
    {
        var model = _tiny.Model;
        // Every way to end early is closed, so each choice decodes all its tokens: the end-of-generation tokens are banned.
        var banned = model.Tokenizer.EndOfGenerationIds.ToDictionary(id => id, _ => -100f);
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User("Tell me about the sea.")],
            N = 3,
            MaxCompletionTokens = Tokens,
            ThinkingBudget = Budget,
            Stop = ["\u0001never written"],
            Sampling = new SamplerOptions
            {
                Temperature = 0.9f, TopK = 50, TopP = 0.95f, MinP = 0.01f, PresencePenalty = 0.2f, FrequencyPenalty = 0.1f, Seed = 11, LogitBias = banned,
            },
        };

        var allocated = new long[4 * Tokens];
        var steps = 0;
        model.Scheduler.AfterStep = () =>
        {
            if (steps < allocated.Length)
            {
                allocated[steps++] = GC.GetAllocatedBytesForCurrentThread();
            }
        };

        var generator = new ChatGenerator(model);
        var outcomes = new List<ChoiceOutcome>();
        await foreach (var e in generator.Start(request, generator.Prepare(request)))
        {
            if (e is ChoiceFinished finished)
            {
                outcomes.Add(finished.Outcome);
            }
        }

        model.Scheduler.AfterStep = null;
        Assert.All(outcomes, o => Assert.Equal(("length", Tokens), (o.FinishReason, o.CompletionTokens)));
        // The budget forced the close: the reasoning stopped at the budget plus the forced "\n</think>" (the answer then ran on).
        Assert.All(outcomes, o => Assert.InRange(o.ReasoningTokens, Budget, Budget + model.EndOfThinking.Length));
        // A step per token, less the tokens the forced close commits together.
        Assert.True(steps >= Tokens - model.EndOfThinking.Length, $"{steps} steps recorded");

        // Step 0 admits and prefills (one chunk) and starts the choices; the last step completes the request.
        var perStep = Enumerable.Range(2, steps - 4).Select(i => (Step: i, Bytes: allocated[i] - allocated[i - 1])).ToList();
        var allocating = perStep.Where(s => s.Bytes != 0).ToList();
        Assert.True(allocating.Count == 0,
            $"{allocating.Count} of {perStep.Count} decode steps allocated: {string.Join(", ", allocating.Take(12).Select(s => $"step {s.Step}: {s.Bytes} B"))}");
    }
}
