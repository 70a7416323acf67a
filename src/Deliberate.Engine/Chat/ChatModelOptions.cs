using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Chat;

/// <summary>How a model file is loaded for chat.</summary>
public sealed record ChatModelOptions
{
    /// <summary>Compute threads; 0 means every core.</summary>
    public int Threads { get; init; }

    /// <summary>Positions per sequence (prompt plus completion); 0 means the model's trained context, capped at 4096.</summary>
    public int ContextSize { get; init; }

    /// <summary>
    /// Thinking budgets this model is served with (the server's <c>thinkingBudgets</c>); a level left null falls to
    /// the file's metadata, then to the engine's default (<see cref="EffortBudgets.Resolve"/>).
    /// </summary>
    public EffortBudgets? Budgets { get; init; }

    /// <summary>Prompt tokens processed per forward step while prefilling.</summary>
    public int PrefillChunk { get; init; } = 64;

    /// <summary>
    /// Choices decoding at once across all requests (continuous batching; a request's n choices count n); each holds a
    /// KV cache. A request that does not fit waits in the scheduler's queue.
    /// </summary>
    public int MaxActiveSequences { get; init; } = 8;

    /// <summary>
    /// Requests that may wait for room; one more is refused (<see cref="SchedulerOverloadedException"/>). No bound by
    /// default: in process, callers pace themselves; the server sets its <c>maxQueuedRequests</c>.
    /// </summary>
    public int MaxQueuedRequests { get; init; } = int.MaxValue;

    /// <summary>
    /// Sequences batch-priority work never takes, kept for interactive requests (capped below
    /// <see cref="MaxActiveSequences"/>, so a one-sequence model still runs batch work when idle).
    /// </summary>
    public int ReservedInteractiveSequences { get; init; } = 1;

    /// <summary>Most batch sequences admitted while interactive ones run (<see cref="ChatSchedulerOptions.MaxBatchSequencesBesideInteractive"/>).</summary>
    public int MaxBatchSequencesBesideInteractive { get; init; } = int.MaxValue;

    /// <summary>Finished sequences kept so a repeated prompt prefix is not processed again; 0 turns the cache off.</summary>
    public int PrefixCacheEntries { get; init; } = 4;

    /// <summary>Most memory the prefix cache may hold (whole KV caches); default 1 GiB.</summary>
    public long PrefixCacheBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Element type of every sequence's KV cache. F32 (default) is exact and, measured, the faster one here: .NET exposes
    /// no F16C, so reading f16 rows costs a software widening per value (0.6B Q8_0, 512-token prompt: prefill 61–64 vs
    /// 44–52 tok/s, decode 20–22 vs 16–19). F16 (llama.cpp's default) holds twice the positions in the same memory.
    /// </summary>
    public GgmlType KvCacheType { get; init; } = GgmlType.F32;

    /// <summary>The id the model is served under; default: the file name without extension.</summary>
    public string? Id { get; init; }
}
