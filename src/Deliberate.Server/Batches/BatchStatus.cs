namespace Deliberate.Server.Batches;

/// <summary>
/// A batch's statuses, as OpenAI names them. <see cref="Validating"/> → <see cref="InProgress"/> →
/// <see cref="Finalizing"/> → <see cref="Completed"/>; <see cref="Validating"/> → <see cref="Failed"/> when the input
/// file is not a valid batch; <see cref="Cancelling"/> → <see cref="Cancelled"/> on request; <see cref="Expired"/> when
/// the completion window ends first. The last four are terminal.
/// </summary>
public static class BatchStatus
{
    public const string Validating = "validating";
    public const string Failed = "failed";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    /// <summary>Statuses the runner still has work in (after a restart it resumes each).</summary>
    public static IReadOnlyList<string> Open { get; } = [Validating, InProgress, Finalizing, Cancelling];

    /// <summary>Statuses a cancel request moves to <see cref="Cancelling"/>.</summary>
    public static IReadOnlyList<string> Cancellable { get; } = [Validating, InProgress];
}
