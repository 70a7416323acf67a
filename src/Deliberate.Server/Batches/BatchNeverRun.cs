namespace Deliberate.Server.Batches;

/// <summary>Why a batch's unrun requests were never run, as their error file lines say.</summary>
public sealed record BatchNeverRun(string Code, string Message)
{
    public static BatchNeverRun Cancelled { get; } = new("batch_cancelled", "This request was not executed because the batch was cancelled.");
    public static BatchNeverRun Expired { get; } = new("batch_expired", "This request could not be executed before the completion window expired.");
}
