namespace Deliberate.Server.Batches;

/// <summary>One page of an owner's batches, newest first, and whether more follow it.</summary>
public sealed record BatchPage(IReadOnlyList<BatchRecord> Batches, bool HasMore);
