using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// The scheduler's one admission queue: sequences are counted once (a request's choices count each), requests that do
/// not fit wait in order up to a bound, one more is refused, and a waiting request that is cancelled gives up its place.
/// Each request's <see cref="GenerationTimings"/> mark when it was submitted, admitted, sampled its first token and ended.
/// </summary>
public sealed class AdmissionTests : IDisposable
{
    private readonly TinyChatModel _tiny = new(options: new ChatModelOptions
    {
        Threads = 2, ContextSize = 2048, MaxActiveSequences = 2, MaxQueuedRequests = 1, PrefixCacheEntries = 0,
        Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 },
    });

    public void Dispose() => _tiny.Dispose();

    private ChatRequest Request(string question, int n = 1, int max = 2000) => new()
    {
        Messages = [ChatTemplateMessage.User(question)],
        N = n,
        MaxCompletionTokens = max,
        // No end-of-generation token, so a request runs its whole length (long enough to still run while the test looks).
        Sampling = SamplerOptions.Greedy with { LogitBias = _tiny.Model.Tokenizer.EndOfGenerationIds.ToDictionary(id => id, _ => -100f) },
    };

    private ChatGeneration Start(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var generator = new ChatGenerator(_tiny.Model);
        return generator.Start(request, generator.Prepare(request), cancellationToken);
    }

    private static async Task<List<ChatEvent>> ReadAll(ChatGeneration generation)
    {
        var events = new List<ChatEvent>();
        await foreach (var e in generation)
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task ARequestBeyondTheQueueIsRefusedAndACancelledWaiterLeavesItsPlace()
    {
        var scheduler = _tiny.Model.Scheduler;
        using var holdRunning = new CancellationTokenSource();
        // Two choices fill both sequences; the request is admitted at once.
        var running = Start(Request("Tell a long story.", n: 2), holdRunning.Token);
        Assert.Equal((2, 0), (scheduler.ActiveSequences, scheduler.QueuedRequests));

        using var cancelWaiter = new CancellationTokenSource();
        var waiting = Start(Request("Wait for room."), cancelWaiter.Token);
        Assert.Equal((2, 1), (scheduler.ActiveSequences, scheduler.QueuedRequests));

        var refused = Assert.Throws<SchedulerOverloadedException>(() => Start(Request("One too many.")));
        Assert.Equal(1, refused.Waiting);
        Assert.Contains(_tiny.Model.Id, refused.Message, StringComparison.Ordinal);

        // The waiter gives up: it leaves the queue at once, and a new request may queue in its place.
        await cancelWaiter.CancelAsync();
        Assert.Equal(0, scheduler.QueuedRequests);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAll(waiting));
        var next = Start(Request("Next in line.", max: 8));
        Assert.Equal(1, scheduler.QueuedRequests);

        // The running request ends; the queued one is admitted and completes.
        await holdRunning.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAll(running));
        var events = await ReadAll(next);
        Assert.IsType<GenerationFinished>(events[^1]);
        Assert.Equal((0, 0), (scheduler.ActiveSequences, scheduler.QueuedRequests));
    }

    [Fact]
    public async Task TimingsMarkEachStageInOrderAndAWaiterIsAdmittedOnlyAfterTheRunningOneFinishes()
    {
        // Two choices fill both sequences, so the second request waits until the first ends.
        var first = Start(Request("Tell a short story.", n: 2, max: 8));
        var second = Start(Request("Then another.", max: 8));
        var (firstDone, secondDone) = (Assert.IsType<GenerationFinished>((await ReadAll(first))[^1]), Assert.IsType<GenerationFinished>((await ReadAll(second))[^1]));

        foreach (var t in new[] { firstDone.Timings, secondDone.Timings })
        {
            Assert.True(t.Submitted > 0 && t.Submitted <= t.Admitted && t.Admitted <= t.FirstToken && t.FirstToken <= t.Finished, t.ToString());
        }

        Assert.True(secondDone.Timings.Submitted <= firstDone.Timings.Finished, "the second was submitted while the first ran");
        Assert.True(secondDone.Timings.Admitted >= firstDone.Timings.Finished, "the second was admitted only once the first finished");
    }

    [Fact]
    public async Task AReaderThatStopsEarlyFreesItsSequences()
    {
        var scheduler = _tiny.Model.Scheduler;
        await foreach (var e in Start(Request("Tell a long story.", n: 2)))
        {
            if (e is ReasoningChunk or ContentChunk)
            {
                break;
            }
        }

        for (var i = 0; i < 200 && scheduler.ActiveSequences != 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, scheduler.ActiveSequences);
    }
}
