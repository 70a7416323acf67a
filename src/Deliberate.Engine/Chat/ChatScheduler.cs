using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Deliberate.Engine.Models;

namespace Deliberate.Engine.Chat;

/// <summary>
/// Continuous batching for one <see cref="ChatModel"/>: every running request's choices decode together in one
/// forward step per token, requests join and leave between steps, and a waiting prompt is prefilled one chunk per
/// step alongside the decoding ones (so a long prompt never stalls the streams already running). Admission is
/// interactive-first, FIFO within a priority, bounded by <see cref="ChatSchedulerOptions.MaxActiveSequences"/>.
/// Finished prompts go to a <see cref="PrefixCache"/> so a repeated prefix (the same developer message, the earlier
/// turns of a conversation) is not processed again.
/// </summary>
public sealed class ChatScheduler : IDisposable
{
    private readonly ChatModel _model;
    private readonly ChatSchedulerOptions _options;
    private readonly Lock _lock = new();
    private readonly List<ScheduledJob> _submitted = [];
    private readonly List<ScheduledJob> _waiting = [];
    private readonly List<ScheduledJob> _running = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private readonly InferenceState _state;
    private readonly PrefixCache _prefixCache;
    private readonly List<BatchToken> _batch;
    private readonly List<(ScheduledJob Job, ChoiceState? Choice)> _logitOwners = [];
    private readonly List<ChatEvent> _events = [];
    private volatile bool _disposed;
    private int _activeSequences;
    private int _queuedRequests;

    public ChatScheduler(ChatModel model, ChatSchedulerOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? new ChatSchedulerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxActiveSequences, 1);
        var chunk = Math.Max(1, model.Options.PrefillChunk);
        // Room for a prefill chunk plus every active choice's pending tokens (one sampled token, or a forced run).
        var maxBatch = chunk + _options.MaxActiveSequences * MaxPendingPerChoice;
        _state = model.Transformer.CreateState(maxBatch, _options.MaxActiveSequences + 1);
        _batch = new List<BatchToken>(maxBatch);
        _prefixCache = new PrefixCache(_options.PrefixCacheEntries, _options.PrefixCacheBytes);
        _thread = new Thread(Loop) { IsBackground = true, Name = "deliberate-scheduler-" + model.Id };
        _thread.Start();
    }

    /// <summary>Most tokens one choice adds to a step (its sampled token or a forced sequence such as the end of thinking).</summary>
    internal const int MaxPendingPerChoice = 16;

    /// <summary>Requests waiting for admission.</summary>
    public int QueuedRequests => Volatile.Read(ref _queuedRequests);

    /// <summary>Sequences (choices) decoding now.</summary>
    public int ActiveSequences => Volatile.Read(ref _activeSequences);

    /// <summary>Prompt tokens served from the prefix cache since start.</summary>
    public long CachedPromptTokens => _prefixCache.HitTokens;

    /// <summary>
    /// Queues a request whose prompt is already tokenized. Events arrive on the returned reader; the last is
    /// <see cref="GenerationFinished"/>. Cancelling <paramref name="cancellationToken"/> ends the request within one step.
    /// </summary>
    public ChannelReader<ChatEvent> Submit(ChatRequest request, int[] promptTokens, bool promptOpensReasoning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.N, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.N, _options.MaxActiveSequences, nameof(request) + ".N");
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (promptTokens.Length == 0 || promptTokens.Length >= _model.ContextSize)
        {
            throw new ContextLengthExceededException(_model.ContextSize, promptTokens.Length + 1);
        }

        var job = new ScheduledJob(request, promptTokens, promptOpensReasoning, cancellationToken);
        job.CancellationRegistration = cancellationToken.Register(static s => ((SemaphoreSlim)s!).Release(), _wake);
        lock (_lock)
        {
            _submitted.Add(job);
        }

        Interlocked.Increment(ref _queuedRequests);
        _wake.Release();
        return job.Events.Reader;
    }

    private void Loop()
    {
        while (!_disposed)
        {
            try
            {
                if (!Step())
                {
                    _wake.Wait();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failed step (a bug, or a context overflow nothing checked) fails the requests in it, not the server.
                foreach (var job in _running.ToList())
                {
                    Fail(job, e);
                }
            }
        }

        lock (_lock)
        {
            foreach (var job in _submitted.Concat(_waiting).Concat(_running))
            {
                job.Events.Writer.TryComplete(new ObjectDisposedException(nameof(ChatScheduler)));
            }
        }
    }

    /// <summary>One scheduling step; false when there was nothing to do.</summary>
    private bool Step()
    {
        Admit();
        DropCancelled();
        if (_running.Count == 0)
        {
            return false;
        }

        BuildBatch();
        if (_batch.Count > 0)
        {
            _model.Transformer.Forward(CollectionsMarshal.AsSpan(_batch), _state);
        }

        _events.Clear();
        for (var row = 0; row < _logitOwners.Count; row++)
        {
            var (job, choice) = _logitOwners[row];
            var logits = _state.GetLogits(row);
            if (choice is null)
            {
                StartChoices(job, logits);
            }
            else
            {
                choice.Step(logits, _events);
                Publish(job);
            }
        }

        foreach (var job in _running.ToList())
        {
            if (job.Choices.Count == job.Request.N && job.Choices.TrueForAll(c => c.Done))
            {
                Complete(job);
            }
        }

        return true;
    }

    private void Admit()
    {
        lock (_lock)
        {
            _waiting.AddRange(_submitted);
            _submitted.Clear();
        }

        // Interactive first; FIFO within a priority (the sort is stable).
        var ordered = _waiting.OrderBy(j => j.Request.Priority).ToList();
        foreach (var job in ordered)
        {
            if (job.Cancellation.IsCancellationRequested)
            {
                _waiting.Remove(job);
                Interlocked.Decrement(ref _queuedRequests);
                Cancel(job);
                continue;
            }

            if (_activeSequences + job.Request.N > _options.MaxActiveSequences)
            {
                break;
            }

            _waiting.Remove(job);
            Interlocked.Decrement(ref _queuedRequests);
            _running.Add(job);
            job.AdmittedAt = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _activeSequences, job.Request.N);
            job.Sequence = _prefixCache.Take(_model, job.Prompt, out var cached);
            job.CachedTokens = cached;
            job.Prefilled = cached;
        }
    }

    private void DropCancelled()
    {
        foreach (var job in _running.ToList())
        {
            if (job.Cancellation.IsCancellationRequested)
            {
                Release(job);
                Cancel(job);
            }
        }
    }

    private void BuildBatch()
    {
        _batch.Clear();
        _logitOwners.Clear();
        var capacity = _state.MaxBatch;
        foreach (var job in _running)
        {
            foreach (var choice in job.Choices)
            {
                if (choice.Done || choice.Pending.Count == 0)
                {
                    continue;
                }

                if (choice.Sequence.Length + choice.Pending.Count > choice.Sequence.ContextSize)
                {
                    _events.Clear();
                    choice.Truncated(_events);
                    Publish(job);
                    continue;
                }

                if (_batch.Count + choice.Pending.Count > capacity - 1)
                {
                    continue;  // no room this step; it stays pending for the next
                }

                for (var i = 0; i < choice.Pending.Count; i++)
                {
                    _batch.Add(new BatchToken(choice.Sequence, choice.Pending[i], i == choice.Pending.Count - 1));
                    if (choice.Index == 0)
                    {
                        job.Fed.Add(choice.Pending[i]);
                    }
                }

                choice.Pending.Clear();
                _logitOwners.Add((job, choice));
            }
        }

        // One prompt at a time is prefilled, a chunk per step, in the room the decoding choices left.
        var prefilling = _running.FirstOrDefault(j => j.Choices.Count == 0);
        if (prefilling is null)
        {
            return;
        }

        var room = Math.Min(Math.Max(1, _model.Options.PrefillChunk), capacity - _batch.Count);
        var end = Math.Min(prefilling.Prompt.Length, prefilling.Prefilled + room);
        for (var i = prefilling.Prefilled; i < end; i++)
        {
            var last = i == prefilling.Prompt.Length - 1;
            _batch.Add(new BatchToken(prefilling.Sequence!, prefilling.Prompt[i], last));
            if (last)
            {
                _logitOwners.Add((prefilling, null));
            }
        }

        prefilling.Prefilled = end;
    }

    private void StartChoices(ScheduledJob job, ReadOnlySpan<float> logits)
    {
        var room = _model.ContextSize - job.Prompt.Length;
        var maxTokens = Math.Min(job.Request.MaxCompletionTokens ?? int.MaxValue, room);
        job.Fed.AddRange(job.Prompt);
        for (var c = 0; c < job.Request.N; c++)
        {
            var sequence = c == 0 ? job.Sequence! : job.Sequence!.Fork(_model.Transformer.Config);
            job.Choices.Add(new ChoiceState(c, sequence, _model, job.Request, maxTokens, job.PromptOpensReasoning));
        }

        // Every choice samples from the prompt's last logits first.
        job.FirstTokenAt = Stopwatch.GetTimestamp();
        foreach (var choice in job.Choices)
        {
            _events.Clear();
            choice.Step(logits, _events);
            Publish(job);
        }
    }

    private void Publish(ScheduledJob job)
    {
        foreach (var chatEvent in _events)
        {
            job.Events.Writer.TryWrite(chatEvent);
        }

        _events.Clear();
    }

    private void Complete(ScheduledJob job)
    {
        job.Events.Writer.TryWrite(new GenerationFinished(
            job.Prompt.Length, job.CachedTokens, job.Choices.Sum(c => c.CompletionTokens), job.Choices.Sum(c => c.ReasoningTokens))
        {
            Timings = new GenerationTimings(job.SubmittedAt, job.AdmittedAt, job.FirstTokenAt, Stopwatch.GetTimestamp()),
        });
        job.Events.Writer.TryComplete();
        _running.Remove(job);
        Interlocked.Add(ref _activeSequences, -job.Request.N);
        // Choice 0's sequence holds the prompt and what it generated: the next turn of the conversation starts with it.
        _prefixCache.Add([.. job.Fed], job.Choices[0].Sequence);
        job.CancellationRegistration.Dispose();
    }

    private void Release(ScheduledJob job)
    {
        _running.Remove(job);
        Interlocked.Add(ref _activeSequences, -job.Request.N);
        job.CancellationRegistration.Dispose();
    }

    private static void Cancel(ScheduledJob job) =>
        job.Events.Writer.TryComplete(new OperationCanceledException(job.Cancellation));

    private void Fail(ScheduledJob job, Exception e)
    {
        Release(job);
        job.Events.Writer.TryComplete(e);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wake.Release();
        _thread.Join();
        _wake.Dispose();
    }

    private sealed class ScheduledJob(ChatRequest request, int[] prompt, bool promptOpensReasoning, CancellationToken cancellation)
    {
        public ChatRequest Request { get; } = request;
        public int[] Prompt { get; } = prompt;
        public bool PromptOpensReasoning { get; } = promptOpensReasoning;
        public CancellationToken Cancellation { get; } = cancellation;
        public CancellationTokenRegistration CancellationRegistration { get; set; }
        public Channel<ChatEvent> Events { get; } = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        public SequenceState? Sequence { get; set; }
        public int Prefilled { get; set; }
        public int CachedTokens { get; set; }
        public List<ChoiceState> Choices { get; } = [];

        /// <summary>Stopwatch timestamps of the request's stages (<see cref="GenerationTimings"/>).</summary>
        public long SubmittedAt { get; } = Stopwatch.GetTimestamp();
        public long AdmittedAt { get; set; }
        public long FirstTokenAt { get; set; }

        /// <summary>Tokens in choice 0's sequence, in order (prompt, then what was fed back).</summary>
        public List<int> Fed { get; } = [];
    }
}

/// <summary>How a <see cref="ChatScheduler"/> shares the model.</summary>
public sealed record ChatSchedulerOptions
{
    /// <summary>Choices decoding at once, across all requests (each holds a KV cache).</summary>
    public int MaxActiveSequences { get; init; } = 8;

    /// <summary>Finished sequences kept for prefix reuse (each holds a KV cache).</summary>
    public int PrefixCacheEntries { get; init; } = 4;

    /// <summary>Most memory the kept sequences may hold together; a sequence larger than this is not kept.</summary>
    public long PrefixCacheBytes { get; init; } = 1L << 30;
}
