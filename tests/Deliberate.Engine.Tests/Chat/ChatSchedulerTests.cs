using Deliberate.Engine.Chat;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// Continuous batching and the prefix cache: requests decoded together, or starting from a cached prefix, must
/// produce exactly what each produces alone from scratch (greedy decoding is deterministic).
/// </summary>
public sealed class ChatSchedulerTests : IDisposable
{
    private readonly TinyChatModel _tiny = new(options: new ChatModelOptions
    {
        Threads = 2, ContextSize = 256, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 }, PrefixCacheEntries = 0, MaxActiveSequences = 8,
    });

    private readonly TinyChatModel _cached = new(options: new ChatModelOptions
    {
        Threads = 2, ContextSize = 256, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 }, PrefixCacheEntries = 4, MaxActiveSequences = 8,
    });

    private readonly TinyChatModel _single = new(options: new ChatModelOptions
    {
        Threads = 2, ContextSize = 256, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 }, PrefixCacheEntries = 0, MaxActiveSequences = 1,
    });

    public void Dispose()
    {
        _tiny.Dispose();
        _cached.Dispose();
        _single.Dispose();
    }

    private static ChatRequest Request(string question, Effort effort = Effort.Medium, int max = 24, int n = 1) => new()
    {
        Messages = [ChatTemplateMessage.System("You answer briefly."), ChatTemplateMessage.User(question)],
        Effort = effort,
        MaxCompletionTokens = max,
        N = n,
        Sampling = SamplerOptions.Greedy,
    };

    /// <summary>Runs a request; Text joins every choice's reasoning and content, Choices has each choice's own.</summary>
    private static async Task<(string Text, GenerationFinished Done, string[] Choices)> Run(ChatModel model, ChatRequest request, CancellationToken cancellationToken = default)
    {
        var choices = Enumerable.Range(0, request.N).Select(_ => new System.Text.StringBuilder()).ToArray();
        GenerationFinished? done = null;
        await foreach (var e in new ChatGenerator(model).GenerateAsync(request, cancellationToken))
        {
            switch (e)
            {
                case ReasoningChunk r: choices[r.Choice].Append("(r)").Append(r.Text); break;
                case ContentChunk c: choices[c.Choice].Append("(c)").Append(c.Text); break;
                case GenerationFinished f: done = f; break;
            }
        }

        var texts = choices.Select(b => b.ToString()).ToArray();
        return (string.Join("\n--\n", texts), done ?? throw new InvalidOperationException("no GenerationFinished"), texts);
    }

    [Fact]
    public async Task ConcurrentRequestsDecodeTogetherAndMatchEachRunAlone()
    {
        string[] questions = ["What is 2 + 2?", "Name a prime number larger than ten.", "Sort 3, 1, 2.", "Why is the sky blue?"];
        var alone = new List<string>();
        foreach (var q in questions)
        {
            alone.Add((await Run(_tiny.Model, Request(q, max: 20 + q.Length % 7))).Text);
        }

        var together = await Task.WhenAll(questions.Select(q => Run(_tiny.Model, Request(q, max: 20 + q.Length % 7))));
        Assert.Equal(alone, together.Select(t => t.Text));
        Assert.Equal(0, _tiny.Model.Scheduler.ActiveSequences);
    }

    [Fact]
    public async Task ARepeatedPrefixIsServedFromTheCacheWithTheSameOutput()
    {
        var first = await Run(_cached.Model, Request("What is 12 * 12?"));
        Assert.Equal(0, first.Done.CachedPromptTokens);
        var again = await Run(_cached.Model, Request("What is 12 * 12?"));
        Assert.InRange(again.Done.CachedPromptTokens, 4, again.Done.PromptTokens - 1);
        Assert.Equal(first.Text, again.Text);

        // Same system message, another question: the shared prefix is reused, the output equals an uncached run.
        var other = await Run(_cached.Model, Request("What is 13 * 13?"));
        Assert.True(other.Done.CachedPromptTokens > 4, $"cached {other.Done.CachedPromptTokens}");
        var uncached = await Run(_tiny.Model, Request("What is 13 * 13?"));
        Assert.Equal(uncached.Text, other.Text);
        Assert.Equal(0, uncached.Done.CachedPromptTokens);
    }

    [Fact]
    public async Task APrefixCacheTooSmallForOneSequenceKeepsNothing()
    {
        using var small = new TinyChatModel(options: new ChatModelOptions
        {
            Threads = 2, ContextSize = 256, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 }, PrefixCacheEntries = 4,
            PrefixCacheBytes = _cached.Model.Transformer.CreateSequence(256, _cached.Model.Options.KvCacheType).Cache.Bytes - 1,
        });
        await Run(small.Model, Request("What is 12 * 12?"));
        var again = await Run(small.Model, Request("What is 12 * 12?"));
        Assert.Equal(0, again.Done.CachedPromptTokens);
    }

    [Fact]
    public async Task ChoicesOfOneRequestMatchSeparateGreedyRuns()
    {
        var single = await Run(_tiny.Model, Request("Count to five.", n: 1));
        var triple = await Run(_tiny.Model, Request("Count to five.", n: 3));
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(single.Choices[0], triple.Choices[c]);
        }

        Assert.Equal(3 * single.Done.CompletionTokens, triple.Done.CompletionTokens);
    }

    [Fact]
    public async Task CancellingOneRequestLeavesTheOthersRunning()
    {
        using var cancel = new CancellationTokenSource();
        var survivor = Run(_tiny.Model, Request("What is 2 + 2?", max: 30));
        // Cancelled at its first chunk, not after a delay: a fast machine finished 200 tiny-model tokens in 50 ms.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in new ChatGenerator(_tiny.Model).GenerateAsync(Request("Tell a long story.", max: 200), cancel.Token))
            {
                if (e is ReasoningChunk or ContentChunk)
                    await cancel.CancelAsync();
            }
        });
        var (text, done, _) = await survivor;
        Assert.Equal((await Run(_tiny.Model, Request("What is 2 + 2?", max: 30))).Text, text);
        Assert.True(done.CompletionTokens > 0);
        for (var i = 0; i < 100 && _tiny.Model.Scheduler.ActiveSequences != 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, _tiny.Model.Scheduler.ActiveSequences);
    }

    [Fact]
    public async Task WaitingInteractiveRequestsAreAdmittedBeforeBatchWork()
    {
        var generator = new ChatGenerator(_single.Model);
        ChatGeneration Start(ChatRequest request) => generator.Start(request, generator.Prepare(request));
        var running = Start(Request("Tell a long story.", max: 60));
        Assert.Equal(1, _single.Model.Scheduler.ActiveSequences);  // admitted at once: the one slot is taken
        var batch = Start(Request("Batch job.") with { Priority = ChatPriority.Batch });
        var interactive = Start(Request("Interactive."));
        Assert.Equal(2, _single.Model.Scheduler.QueuedRequests);

        var order = new List<string>();
        async Task Drain(ChatGeneration generation, string name)
        {
            await foreach (var e in generation)
            {
                if (e is GenerationFinished)
                {
                    lock (order)
                    {
                        order.Add(name);
                    }
                }
            }
        }

        await Task.WhenAll(Drain(running, "running"), Drain(batch, "batch"), Drain(interactive, "interactive"));
        Assert.Equal(["running", "interactive", "batch"], order);
        Assert.Equal(0, _single.Model.Scheduler.QueuedRequests);
    }

    [Fact]
    public void TooManyChoicesForTheSchedulerAreRefused()
    {
        var request = Request("Hi", n: 9);
        var generator = new ChatGenerator(_tiny.Model);
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Start(request, generator.Prepare(request)));
    }
}
