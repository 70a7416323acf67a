using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// Batch priority in the scheduler: interactive requests are admitted before batch work and never wait behind it,
/// batch work leaves the reserved sequences free and stays under its cap beside interactive work, its waiting requests
/// do not count against the interactive queue bound, and an idle model gives a batch every unreserved sequence.
/// </summary>
public sealed class BatchPriorityTests : IDisposable
{
    private readonly TinyChatModel _tiny = new(options: new ChatModelOptions
    {
        Threads = 2, ContextSize = 8192, MaxActiveSequences = 4, ReservedInteractiveSequences = 1, MaxQueuedRequests = 1,
        PrefixCacheEntries = 0, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 },
    });

    public void Dispose() => _tiny.Dispose();

    private ChatScheduler Scheduler => _tiny.Model.Scheduler;

    /// <summary>A request with no end-of-generation token, so it runs its whole length unless cancelled.</summary>
    private ChatRequest Request(string question, ChatPriority priority, int max = 8000, int n = 1) => new()
    {
        Messages = [ChatTemplateMessage.User(question)],
        N = n,
        MaxCompletionTokens = max,
        Priority = priority,
        Sampling = SamplerOptions.Greedy with { LogitBias = _tiny.Model.Tokenizer.EndOfGenerationIds.ToDictionary(id => id, _ => -100f) },
    };

    private ChatGeneration Start(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var generator = new ChatGenerator(_tiny.Model);
        return generator.Start(request, generator.Prepare(request), cancellationToken);
    }

    /// <summary>Reads a generation to its end; true when it finished, false when it was cancelled.</summary>
    private static async Task<bool> Drain(ChatGeneration generation)
    {
        try
        {
            await foreach (var e in generation)
            {
                if (e is GenerationFinished)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    /// <summary>
    /// Waits (bounded) until the scheduler holds <paramref name="active"/> sequences, <paramref name="activeBatch"/> of
    /// them batch work: seen now, or after any step meanwhile (a state may last only a few steps on a fast machine, and
    /// a loaded one may not run this thread for as long).
    /// </summary>
    private static async Task Until(ChatScheduler scheduler, int active, int activeBatch)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Matches() => (scheduler.ActiveSequences, scheduler.ActiveBatchSequences) == (active, activeBatch);
        scheduler.AfterStep = () =>
        {
            if (Matches())
            {
                seen.TrySetResult();
            }
        };
        try
        {
            for (var deadline = DateTime.UtcNow.AddMinutes(1); !Matches() && !seen.Task.IsCompleted && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(10);
            }

            Assert.True(seen.Task.IsCompleted || Matches(), $"never saw {(active, activeBatch)}; now {(scheduler.ActiveSequences, scheduler.ActiveBatchSequences)}");
        }
        finally
        {
            scheduler.AfterStep = null;
        }
    }

    [Fact]
    public async Task AnIdleModelGivesABatchEveryUnreservedSequenceAndKeepsTheLastForInteractiveWork()
    {
        using var stop = new CancellationTokenSource();
        var batch = Enumerable.Range(0, 5).Select(i => Start(Request($"Batch job {i}.", ChatPriority.Batch), stop.Token)).ToList();
        // Three of four sequences run batch work at once; the other two requests wait, and the fourth sequence stays free.
        Assert.Equal((3, 3, 2), (Scheduler.ActiveSequences, Scheduler.ActiveBatchSequences, Scheduler.QueuedRequests));

        // An interactive request is admitted at once into the reserved sequence, ahead of the waiting batch work.
        var interactive = Start(Request("Interactive.", ChatPriority.Interactive), stop.Token);
        Assert.Equal((4, 3, 2), (Scheduler.ActiveSequences, Scheduler.ActiveBatchSequences, Scheduler.QueuedRequests));

        await stop.CancelAsync();
        await Task.WhenAll(batch.Select(Drain).Append(Drain(interactive)));
        await Until(Scheduler, 0, 0);
    }

    [Fact]
    public async Task WhileInteractiveWorkWaitsNoBatchRequestIsAdmitted()
    {
        using var stopBatch = new CancellationTokenSource();
        using var stopInteractive = new CancellationTokenSource();
        using var stopFirstBatch = new CancellationTokenSource();
        var first = Start(Request("Batch job 0.", ChatPriority.Batch), stopFirstBatch.Token);
        var batch = Enumerable.Range(1, 3).Select(i => Start(Request($"Batch job {i}.", ChatPriority.Batch), stopBatch.Token)).ToList();
        var interactive = Start(Request("Interactive 1.", ChatPriority.Interactive), stopInteractive.Token);
        var waiting = Start(Request("Interactive 2.", ChatPriority.Interactive, max: 8));
        Assert.Equal((4, 3, 2), (Scheduler.ActiveSequences, Scheduler.ActiveBatchSequences, Scheduler.QueuedRequests));

        // A batch sequence ends: the waiting interactive request takes it, not the batch request queued before it.
        await stopFirstBatch.CancelAsync();
        Assert.False(await Drain(first));
        Assert.True(await Drain(waiting));
        Assert.Equal(1, Scheduler.QueuedRequests);

        // Once no interactive work waits, the batch request is admitted again.
        await stopInteractive.CancelAsync();
        Assert.False(await Drain(interactive));
        await Until(Scheduler, 3, 3);
        Assert.Equal(0, Scheduler.QueuedRequests);

        await stopBatch.CancelAsync();
        await Task.WhenAll(batch.Select(Drain));
        await Until(Scheduler, 0, 0);
    }

    [Fact]
    public async Task WaitingBatchWorkDoesNotCountAgainstTheInteractiveQueueBound()
    {
        using var stop = new CancellationTokenSource();
        var holders = Enumerable.Range(0, 4).Select(i => Start(Request($"Interactive {i}.", ChatPriority.Interactive), stop.Token)).ToList();
        var batch = Enumerable.Range(0, 10).Select(i => Start(Request($"Batch job {i}.", ChatPriority.Batch), stop.Token)).ToList();
        Assert.Equal(10, Scheduler.QueuedRequests);

        // The bound is one waiting interactive request, however much batch work waits.
        var queued = Start(Request("Interactive, queued.", ChatPriority.Interactive), stop.Token);
        var refused = Assert.Throws<SchedulerOverloadedException>(() => Start(Request("Interactive, refused.", ChatPriority.Interactive)));
        Assert.Equal(1, refused.Waiting);

        await stop.CancelAsync();
        await Task.WhenAll(holders.Concat(batch).Append(queued).Select(Drain));
        Assert.Equal(0, Scheduler.QueuedRequests);
        await Until(Scheduler, 0, 0);
    }

    [Fact]
    public async Task BatchWorkStaysUnderItsCapBesideInteractiveWorkAndUsesTheRoomWhenAlone()
    {
        using var capped = new TinyChatModel(options: new ChatModelOptions
        {
            Threads = 2, ContextSize = 8192, MaxActiveSequences = 4, ReservedInteractiveSequences = 1, MaxBatchSequencesBesideInteractive = 1,
            PrefixCacheEntries = 0, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 },
        });
        var generator = new ChatGenerator(capped.Model);
        var scheduler = capped.Model.Scheduler;
        ChatGeneration Run(ChatRequest request, CancellationToken token) => generator.Start(request, generator.Prepare(request), token);
        ChatRequest Long(string question, ChatPriority priority) => Request(question, priority) with
        {
            Sampling = SamplerOptions.Greedy with { LogitBias = capped.Model.Tokenizer.EndOfGenerationIds.ToDictionary(id => id, _ => -100f) },
        };

        using var stopInteractive = new CancellationTokenSource();
        using var stopBatch = new CancellationTokenSource();
        var interactive = Run(Long("Interactive.", ChatPriority.Interactive), stopInteractive.Token);
        var batch = Enumerable.Range(0, 3).Select(i => Run(Long($"Batch job {i}.", ChatPriority.Batch), stopBatch.Token)).ToList();
        // Beside a running interactive sequence only one batch sequence runs, though two more would fit.
        Assert.Equal((2, 1, 2), (scheduler.ActiveSequences, scheduler.ActiveBatchSequences, scheduler.QueuedRequests));

        // Alone, the batch takes every unreserved sequence.
        await stopInteractive.CancelAsync();
        Assert.False(await Drain(interactive));
        await Until(scheduler, 3, 3);
        Assert.Equal(0, scheduler.QueuedRequests);
        await stopBatch.CancelAsync();
        await Task.WhenAll(batch.Select(Drain));
    }

    [Fact]
    public async Task BatchWorkFinishesWhileInteractiveRequestsKeepArriving()
    {
        var batch = Enumerable.Range(0, 6).Select(i => Drain(Start(Request($"Batch job {i}.", ChatPriority.Batch, max: 24)))).ToList();
        var interactive = new List<Task<bool>>();
        while (!batch.All(t => t.IsCompleted) && interactive.Count < 200)
        {
            interactive.Add(Drain(Start(Request($"Interactive {interactive.Count}.", ChatPriority.Interactive, max: 4))));
            await Task.WhenAny(interactive[^1], Task.WhenAll(batch));
        }

        Assert.All(await Task.WhenAll(batch), Assert.True);
        Assert.All(await Task.WhenAll(interactive), Assert.True);
        Assert.True(interactive.Count > 0);
    }

    [Fact]
    public async Task AnInteractivePromptIsPrefilledFirstAndAloneWhileBatchChoicesWait()
    {
        // Four prompt tokens a step, so an interactive prompt takes several steps to prefill.
        using var chunked = new TinyChatModel(options: new ChatModelOptions
        {
            Threads = 2, ContextSize = 8192, MaxActiveSequences = 4, ReservedInteractiveSequences = 1, PrefillChunk = 4,
            PrefixCacheEntries = 0, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 },
        });
        var generator = new ChatGenerator(chunked.Model);
        var scheduler = chunked.Model.Scheduler;
        var noEnd = SamplerOptions.Greedy with { LogitBias = chunked.Model.Tokenizer.EndOfGenerationIds.ToDictionary(id => id, _ => -100f) };
        ChatGeneration Run(string question, ChatPriority priority, int max, CancellationToken token = default)
        {
            var request = Request(question, priority, max) with { Sampling = noEnd };
            return generator.Start(request, generator.Prepare(request), token);
        }

        using var stop = new CancellationTokenSource();
        // Read as they run: a choice whose reader falls far behind waits for it.
        var decoding = Enumerable.Range(0, 2).Select(i => Drain(Run($"Batch job {i}.", ChatPriority.Batch, 8000, stop.Token))).ToList();
        await Until(scheduler, 2, 2);

        // Once both decode, the scheduler is held between two steps while a batch prompt and then an interactive one arrive.
        var steps = new List<ChatScheduler.StepShape>();
        using var held = new ManualResetEventSlim(false);
        using var release = new ManualResetEventSlim(false);
        scheduler.AfterStep = () =>
        {
            if (scheduler.LastStep.BatchTokens == 2)
            {
                held.Set();
                release.Wait();
            }
        };
        Assert.True(held.Wait(TimeSpan.FromMinutes(1)));
        var waitingBatch = Run("Another batch job with a prompt of some length to prefill.", ChatPriority.Batch, 4);
        var interactive = Run("An interactive question with a prompt of some length to prefill.", ChatPriority.Interactive, 4);
        scheduler.AfterStep = () =>
        {
            lock (steps)
            {
                steps.Add(scheduler.LastStep);
            }
        };
        release.Set();
        var (interactiveDone, batchDone) = (await Finished(interactive), await Finished(waitingBatch));

        // The interactive prompt went first although the batch prompt arrived before it, and its first token came first.
        Assert.True(interactiveDone.Timings.FirstToken < batchDone.Timings.FirstToken);
        List<ChatScheduler.StepShape> seen;
        lock (steps)
        {
            seen = [.. steps];
        }

        var interactivePrefill = seen.Where(s => s.Prefilled == ChatPriority.Interactive).ToList();
        Assert.True(interactivePrefill.Count >= 2, string.Join(", ", seen));
        Assert.Equal(seen.IndexOf(interactivePrefill[0]), seen.FindIndex(s => s.Prefilled is not null));
        // While it was prefilled the batch choices sat out; in the other steps they decoded.
        Assert.All(interactivePrefill, s => Assert.True(s.BatchTokens == 0, string.Join(", ", seen)));
        Assert.Contains(seen, s => s.Prefilled != ChatPriority.Interactive && s.BatchTokens > 0);

        scheduler.AfterStep = null;
        await stop.CancelAsync();
        await Task.WhenAll(decoding);
    }

    private static async Task<GenerationFinished> Finished(ChatGeneration generation)
    {
        GenerationFinished? done = null;
        await foreach (var e in generation)
        {
            done = e as GenerationFinished ?? done;
        }

        return done ?? throw new InvalidOperationException("the generation ended without GenerationFinished");
    }

    [Fact]
    public void ABatchRequestWithMoreChoicesThanTheUnreservedSequencesIsRefused()
    {
        Assert.Equal(3, Scheduler.MaxBatchChoices);
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => Start(Request("Too wide.", ChatPriority.Batch, n: 4)));
        Assert.Contains("N", refused.ParamName, StringComparison.Ordinal);
        Assert.Equal(0, Scheduler.ActiveSequences);
    }
}
