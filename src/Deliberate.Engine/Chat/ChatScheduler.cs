using System.Diagnostics;
using System.Runtime.InteropServices;
using Deliberate.Engine.Models;

namespace Deliberate.Engine.Chat;

/// <summary>
/// Continuous batching for one <see cref="ChatModel"/>, and its one admission queue: every running request's choices
/// decode together in one forward step per token, requests join and leave between steps, and a waiting prompt is
/// prefilled one chunk per step alongside the decoding ones (so a long prompt never stalls the streams already running).
/// <para>
/// Admission counts sequences (a request's choices) once, here: a request is admitted when none of its priority or a
/// higher one waits and its choices fit under <see cref="ChatSchedulerOptions.MaxActiveSequences"/>; otherwise it waits,
/// interactive before batch, FIFO within a priority. Batch work never takes the last
/// <see cref="ChatSchedulerOptions.ReservedInteractiveSequences"/> sequences, is not admitted while interactive work
/// waits, and holds at most <see cref="ChatSchedulerOptions.MaxBatchSequencesBesideInteractive"/> sequences while
/// interactive ones run (running batch sequences finish; they are never preempted). Beyond
/// <see cref="ChatSchedulerOptions.MaxQueuedRequests"/> waiting interactive requests one more is refused
/// (<see cref="SchedulerOverloadedException"/>, the server's 503); waiting batch work does not count against that
/// bound (its submitter paces itself). Finished prompts go to a
/// <see cref="PrefixCache"/> so a repeated prefix (the same developer message, the earlier turns of a conversation) is
/// not processed again.
/// </para>
/// <para>
/// A decode step allocates nothing: the batch, the logit owners and every choice's buffers are sized up front, and
/// tokens reach their readers as values in each request's <see cref="RequestEventQueue"/>.
/// </para>
/// </summary>
public sealed class ChatScheduler : IDisposable
{
    private readonly ChatModel _model;
    private readonly ChatSchedulerOptions _options;
    private readonly Lock _lock = new();
    private readonly List<ScheduledJob> _admitted = [];
    private readonly List<ScheduledJob> _waitingInteractive = [];
    private readonly List<ScheduledJob> _waitingBatch = [];
    private readonly List<ScheduledJob> _running = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private readonly InferenceState _state;
    private readonly PrefixCache _prefixCache;
    private readonly List<BatchToken> _batch;
    private readonly List<(ScheduledJob Job, ChoiceState? Choice)> _logitOwners;
    private volatile bool _disposed;
    private int _activeSequences;
    private int _activeBatchSequences;
    private int _queuedRequests;

    public ChatScheduler(ChatModel model, ChatSchedulerOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? new ChatSchedulerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxActiveSequences, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxQueuedRequests);
        // Batch work must be able to run at all: at least one sequence is left to it.
        ArgumentOutOfRangeException.ThrowIfNegative(_options.ReservedInteractiveSequences);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(_options.ReservedInteractiveSequences, _options.MaxActiveSequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchSequencesBesideInteractive, 1);
        var chunk = Math.Max(1, model.Options.PrefillChunk);
        // Room for a prefill chunk plus every active choice's pending tokens (one sampled token, or a forced run).
        var maxBatch = chunk + _options.MaxActiveSequences * MaxPendingPerChoice;
        _state = model.Transformer.CreateState(maxBatch, _options.MaxActiveSequences + 1);
        _batch = new List<BatchToken>(maxBatch);
        _logitOwners = new List<(ScheduledJob, ChoiceState?)>(_options.MaxActiveSequences + 1);
        _prefixCache = new PrefixCache(_options.PrefixCacheEntries, _options.PrefixCacheBytes);
        _thread = new Thread(Loop) { IsBackground = true, Name = "deliberate-scheduler-" + model.Id };
        _thread.Start();
    }

    /// <summary>Most tokens one choice adds to a step (its sampled token or a forced sequence such as the end of thinking).</summary>
    internal const int MaxPendingPerChoice = 16;

    /// <summary>Requests waiting for admission, interactive and batch.</summary>
    public int QueuedRequests => Volatile.Read(ref _queuedRequests);

    /// <summary>Sequences (choices) admitted and not finished: prefilling or decoding.</summary>
    public int ActiveSequences => Volatile.Read(ref _activeSequences);

    /// <summary>The part of <see cref="ActiveSequences"/> that is batch work.</summary>
    public int ActiveBatchSequences => Volatile.Read(ref _activeBatchSequences);

    /// <summary>Most choices one batch request may have: batch work never takes the reserved sequences.</summary>
    public int MaxBatchChoices => Math.Min(_options.MaxActiveSequences - _options.ReservedInteractiveSequences, _options.MaxBatchSequencesBesideInteractive);

    /// <summary>Prompt tokens served from the prefix cache since start.</summary>
    public long CachedPromptTokens => _prefixCache.HitTokens;

    /// <summary>Called on the scheduler thread after every step that did work (tests measure the step's allocations).</summary>
    internal Action? AfterStep { get; set; }

    /// <summary>What the last step held (read in <see cref="AfterStep"/>): batch decode tokens, and whose prompt it prefilled.</summary>
    internal StepShape LastStep { get; private set; }

    /// <summary>A step's make-up: decode tokens of batch requests, and the priority of the prompt prefilled (null: none).</summary>
    internal readonly record struct StepShape(int BatchTokens, ChatPriority? Prefilled);

    /// <summary>
    /// Admits or queues a request whose prompt is prepared. Its events arrive on the returned queue; the last is
    /// <see cref="SchedulerEventKind.GenerationFinished"/>. Cancelling <paramref name="cancellationToken"/> ends the
    /// request within one step, whether it runs or waits.
    /// </summary>
    /// <exception cref="SchedulerOverloadedException">As many interactive requests as the scheduler queues already wait.</exception>
    /// <exception cref="ArgumentOutOfRangeException">More choices than the scheduler runs at once (for batch work: <see cref="MaxBatchChoices"/>).</exception>
    internal RequestEventQueue Submit(ChatRequest request, ChatPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.N, 1);
        var batch = request.Priority == ChatPriority.Batch;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.N, batch ? MaxBatchChoices : _options.MaxActiveSequences, nameof(request) + ".N");
        if (prompt.Tokens.Length == 0 || prompt.Tokens.Length >= _model.ContextSize)
        {
            throw new ContextLengthExceededException(_model.ContextSize, prompt.Tokens.Length + 1);
        }

        // Resolved now so a bad explicit budget is the caller's error, not a failed step.
        var budget = _model.ResolveThinkingBudget(request.Effort, request.ThinkingBudget).Tokens;
        var room = _model.ContextSize - prompt.Tokens.Length;
        var maxTokens = Math.Min(request.MaxCompletionTokens ?? int.MaxValue, room);
        // Every choice publishes at least one event per token; the ring holds a stretch of that before it must grow.
        var events = new RequestEventQueue(request.N * Math.Min(maxTokens + 2, EventsPerChoice));
        var job = new ScheduledJob(request, prompt, budget, maxTokens, events, cancellationToken);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Nothing overtakes a waiting request of its own priority; interactive work never waits behind batch work.
            var ahead = batch ? _waitingInteractive.Count + _waitingBatch.Count : _waitingInteractive.Count;
            if (ahead == 0 && Fits(job))
            {
                Admit(job);
            }
            else if (!batch && _waitingInteractive.Count >= _options.MaxQueuedRequests)
            {
                throw new SchedulerOverloadedException(_model.Id, _waitingInteractive.Count);
            }
            else
            {
                (batch ? _waitingBatch : _waitingInteractive).Add(job);
                Volatile.Write(ref _queuedRequests, _queuedRequests + 1);
            }
        }

        job.CancellationRegistration = cancellationToken.UnsafeRegister(static s =>
        {
            var (scheduler, cancelled) = ((ChatScheduler, ScheduledJob))s!;
            scheduler.OnCancelled(cancelled);
        }, (this, job));
        _wake.Release();
        return events;
    }

    /// <summary>
    /// On the cancelling thread: a waiting request leaves the queue at once (so its place is free for the next); an
    /// admitted one is dropped from the batch at the scheduler's next step.
    /// </summary>
    private void OnCancelled(ScheduledJob job)
    {
        var waited = false;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if ((job.Request.Priority == ChatPriority.Batch ? _waitingBatch : _waitingInteractive).Remove(job))
            {
                Volatile.Write(ref _queuedRequests, _queuedRequests - 1);
                waited = true;
                // The request that left may have been the head the others waited behind.
                AdmitWaiting();
            }

            _wake.Release();
        }

        if (waited)
        {
            Cancel(job);
        }
    }

    /// <summary>Events a choice's ring holds before it grows (a reader more than this far behind costs one growth).</summary>
    private const int EventsPerChoice = 256;

    /// <summary>
    /// Under the lock: whether the job's choices fit now. Interactive work may take every sequence; batch work leaves
    /// the reserved ones free and, while interactive sequences run, stays under its cap beside them.
    /// </summary>
    private bool Fits(ScheduledJob job)
    {
        var n = job.Request.N;
        if (job.Request.Priority == ChatPriority.Interactive)
        {
            return _activeSequences + n <= _options.MaxActiveSequences;
        }

        var interactiveRunning = _activeSequences > _activeBatchSequences;
        return _activeSequences + n <= _options.MaxActiveSequences - _options.ReservedInteractiveSequences
            && (!interactiveRunning || _activeBatchSequences + n <= _options.MaxBatchSequencesBesideInteractive);
    }

    /// <summary>Under the lock: the job's sequences are counted as active; the loop picks it up next step.</summary>
    private void Admit(ScheduledJob job)
    {
        Volatile.Write(ref _activeSequences, _activeSequences + job.Request.N);
        if (job.Request.Priority == ChatPriority.Batch)
        {
            Volatile.Write(ref _activeBatchSequences, _activeBatchSequences + job.Request.N);
        }

        job.Timings = job.Timings with { Admitted = Stopwatch.GetTimestamp() };
        _admitted.Add(job);
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
                for (var i = _running.Count - 1; i >= 0; i--)
                {
                    Fail(_running[i], e);
                }
            }
        }

        lock (_lock)
        {
            foreach (var job in _admitted.Concat(_waitingInteractive).Concat(_waitingBatch).Concat(_running))
            {
                job.Events.Complete(new ObjectDisposedException(nameof(ChatScheduler)));
            }
        }
    }

    /// <summary>One scheduling step; false when there was nothing to do.</summary>
    private bool Step()
    {
        TakeAdmitted();
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
                choice.Step(logits);
            }
        }

        for (var i = _running.Count - 1; i >= 0; i--)
        {
            var job = _running[i];
            if (job.Choices.Count == job.Request.N && job.AllChoicesDone)
            {
                Complete(job);
            }
        }

        AfterStep?.Invoke();
        return true;
    }

    /// <summary>Moves admitted requests into the batch, each starting from the longest cached prefix of its prompt.</summary>
    private void TakeAdmitted()
    {
        lock (_lock)
        {
            foreach (var job in _admitted)
            {
                _running.Add(job);
            }

            _admitted.Clear();
        }

        foreach (var job in _running)
        {
            if (job.Sequence is null)
            {
                job.Sequence = _prefixCache.Take(_model, job.Prompt.Tokens, out var cached);
                job.CachedTokens = cached;
                job.Prefilled = cached;
            }
        }
    }

    private void DropCancelled()
    {
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            var job = _running[i];
            if (job.Cancellation.IsCancellationRequested)
            {
                Release(job);
                Cancel(job);
            }
        }

    }

    /// <summary>
    /// Under the lock: admits waiting requests in order while they fit, interactive first, FIFO within each priority.
    /// A head that does not fit waits for room, and nothing behind it passes (no batch job overtakes interactive work).
    /// </summary>
    private void AdmitWaiting()
    {
        if (AdmitInOrder(_waitingInteractive))
        {
            AdmitInOrder(_waitingBatch);
        }
    }

    /// <summary>Admits from the head of <paramref name="waiting"/> while it fits; true when none is left waiting.</summary>
    private bool AdmitInOrder(List<ScheduledJob> waiting)
    {
        while (waiting.Count > 0 && Fits(waiting[0]))
        {
            var job = waiting[0];
            waiting.RemoveAt(0);
            Volatile.Write(ref _queuedRequests, _queuedRequests - 1);
            Admit(job);
        }

        return waiting.Count == 0;
    }

    /// <summary>
    /// The next step's tokens: every decoding choice's pending tokens, then a chunk of the one prompt being prefilled
    /// (an interactive prompt before a batch one). While an interactive prompt is prefilled, batch choices sit the step
    /// out (their tokens stay pending for the next): the interactive request's first token then costs one prefill step
    /// of its own, not one swollen by every batch sequence.
    /// </summary>
    private void BuildBatch()
    {
        _batch.Clear();
        _logitOwners.Clear();
        var capacity = _state.MaxBatch;
        var prefilling = NextToPrefill();
        var holdBatch = prefilling is { Request.Priority: ChatPriority.Interactive };
        var batchTokens = 0;
        foreach (var job in _running)
        {
            if (holdBatch && job.Request.Priority == ChatPriority.Batch)
            {
                continue;
            }

            foreach (var choice in job.Choices)
            {
                if (choice.Done || choice.Pending.Count == 0)
                {
                    continue;
                }

                if (choice.Sequence.Length + choice.Pending.Count > choice.Sequence.ContextSize)
                {
                    choice.Truncated();
                    continue;
                }

                if (_batch.Count + choice.Pending.Count > capacity - 1)
                {
                    continue;  // no room this step; it stays pending for the next
                }

                batchTokens += job.Request.Priority == ChatPriority.Batch ? choice.Pending.Count : 0;
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

        LastStep = new StepShape(batchTokens, prefilling?.Request.Priority);
        // One prompt at a time is prefilled, a chunk per step, in the room the decoding choices left.
        if (prefilling is null)
        {
            return;
        }

        var prompt = prefilling.Prompt.Tokens;
        var room = Math.Min(Math.Max(1, _model.Options.PrefillChunk), capacity - _batch.Count);
        var end = Math.Min(prompt.Length, prefilling.Prefilled + room);
        for (var i = prefilling.Prefilled; i < end; i++)
        {
            var last = i == prompt.Length - 1;
            _batch.Add(new BatchToken(prefilling.Sequence!, prompt[i], last));
            if (last)
            {
                _logitOwners.Add((prefilling, null));
            }
        }

        prefilling.Prefilled = end;
    }

    /// <summary>The running job whose prompt is prefilled next: the first interactive one waiting for it, else the first batch one.</summary>
    private ScheduledJob? NextToPrefill()
    {
        ScheduledJob? batch = null;
        foreach (var job in _running)
        {
            if (job.Choices.Count == 0)
            {
                if (job.Request.Priority == ChatPriority.Interactive)
                {
                    return job;
                }

                batch ??= job;
            }
        }

        return batch;
    }

    private void StartChoices(ScheduledJob job, ReadOnlySpan<float> logits)
    {
        job.Timings = job.Timings with { FirstToken = Stopwatch.GetTimestamp() };
        job.Fed.AddRange(job.Prompt.Tokens);
        for (var c = 0; c < job.Request.N; c++)
        {
            var sequence = c == 0 ? job.Sequence! : job.Sequence!.Fork(_model.Transformer.Config);
            job.Choices.Add(new ChoiceState(c, sequence, _model, job.Request, job.ThinkingBudget, job.MaxTokens, job.Prompt.OpensReasoning, job.Events));
        }

        // Every choice samples from the prompt's last logits first.
        foreach (var choice in job.Choices)
        {
            choice.Step(logits);
        }
    }

    private void Complete(ScheduledJob job)
    {
        int completion = 0, reasoning = 0;
        foreach (var choice in job.Choices)
        {
            (completion, reasoning) = (completion + choice.CompletionTokens, reasoning + choice.ReasoningTokens);
        }

        job.Timings = job.Timings with { Finished = Stopwatch.GetTimestamp() };
        job.Events.Write(SchedulerEvent.GenerationFinished(job.Prompt.Tokens.Length, job.CachedTokens, completion, reasoning, job.Timings));
        job.Events.Complete();
        Release(job);
        // Choice 0's sequence holds the prompt and what it generated: the next turn of the conversation starts with it.
        _prefixCache.Add([.. job.Fed], job.Choices[0].Sequence);
    }

    /// <summary>Takes a running job out of the batch and frees its sequences for the requests waiting.</summary>
    private void Release(ScheduledJob job)
    {
        _running.Remove(job);
        job.CancellationRegistration.Dispose();
        lock (_lock)
        {
            Volatile.Write(ref _activeSequences, _activeSequences - job.Request.N);
            if (job.Request.Priority == ChatPriority.Batch)
            {
                Volatile.Write(ref _activeBatchSequences, _activeBatchSequences - job.Request.N);
            }

            AdmitWaiting();
        }
    }

    private static void Cancel(ScheduledJob job) =>
        job.Events.Complete(new OperationCanceledException(job.Cancellation));

    private void Fail(ScheduledJob job, Exception e)
    {
        Release(job);
        job.Events.Complete(e);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _wake.Release();
        _thread.Join();
        // Not disposed: a cancellation racing the shutdown may still release it (OnCancelled checks _disposed under the lock).
    }

    private sealed class ScheduledJob(ChatRequest request, ChatPrompt prompt, int thinkingBudget, int maxTokens, RequestEventQueue events, CancellationToken cancellation)
    {
        public ChatRequest Request { get; } = request;
        public ChatPrompt Prompt { get; } = prompt;
        public int ThinkingBudget { get; } = thinkingBudget;

        /// <summary>Completion tokens each choice may generate: the request's cap, or what the context leaves.</summary>
        public int MaxTokens { get; } = maxTokens;
        public CancellationToken Cancellation { get; } = cancellation;
        public CancellationTokenRegistration CancellationRegistration { get; set; }
        public RequestEventQueue Events { get; } = events;
        public GenerationTimings Timings { get; set; } = new(Stopwatch.GetTimestamp(), 0, 0, 0);
        public SequenceState? Sequence { get; set; }
        public int Prefilled { get; set; }
        public int CachedTokens { get; set; }
        public List<ChoiceState> Choices { get; } = new(request.N);

        /// <summary>Tokens in choice 0's sequence, in order (prompt, then what was fed back); sized for the whole context.</summary>
        public List<int> Fed { get; } = new(prompt.Tokens.Length + maxTokens + MaxPendingPerChoice);

        public bool AllChoicesDone
        {
            get
            {
                foreach (var choice in Choices)
                {
                    if (!choice.Done)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}

/// <summary>How a <see cref="ChatScheduler"/> shares the model.</summary>
public sealed record ChatSchedulerOptions
{
    /// <summary>Choices decoding at once, across all requests (each holds a KV cache); a request's n choices count n.</summary>
    public int MaxActiveSequences { get; init; } = 8;

    /// <summary>
    /// Interactive requests that may wait for room; one more is refused with <see cref="SchedulerOverloadedException"/>.
    /// Waiting batch requests are not counted (the batch runner bounds what it submits).
    /// </summary>
    public int MaxQueuedRequests { get; init; } = int.MaxValue;

    /// <summary>
    /// Sequences batch work never takes, so an interactive request arriving while a batch fills the model is admitted at
    /// the next step instead of waiting for a batch request to end. Less than <see cref="MaxActiveSequences"/>.
    /// </summary>
    public int ReservedInteractiveSequences { get; init; }

    /// <summary>
    /// Most batch sequences admitted while interactive sequences run (those already running finish): every sequence in
    /// the batch lengthens each step, so fewer batch sequences keep interactive streams closer to their idle speed.
    /// </summary>
    public int MaxBatchSequencesBesideInteractive { get; init; } = int.MaxValue;

    /// <summary>Finished sequences kept for prefix reuse (each holds a KV cache).</summary>
    public int PrefixCacheEntries { get; init; } = 4;

    /// <summary>Most memory the kept sequences may hold together; a sequence larger than this is not kept.</summary>
    public long PrefixCacheBytes { get; init; } = 1L << 30;
}
