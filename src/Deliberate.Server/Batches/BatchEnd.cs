namespace Deliberate.Server.Batches;

/// <summary>A terminal status a batch's files are written for, and the column that records when it was reached.</summary>
public sealed record BatchEnd(string Status, string TimeColumn)
{
    public static BatchEnd Completed { get; } = new(BatchStatus.Completed, "completed_at");
    public static BatchEnd Cancelled { get; } = new(BatchStatus.Cancelled, "cancelled_at");
    public static BatchEnd Expired { get; } = new(BatchStatus.Expired, "expired_at");
}
