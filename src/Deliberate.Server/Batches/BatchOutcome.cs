namespace Deliberate.Server.Batches;

/// <summary>What a request's row says once it ran.</summary>
public static class BatchOutcome
{
    public const string Completed = "completed";
    public const string Failed = "failed";
}
