namespace Deliberate.Server.Batches;

/// <summary>A request of a batch with its result once it ran: <paramref name="Outcome"/> is null until then.</summary>
public sealed record BatchResultRow(long Line, string CustomId, string? Outcome, string? Result);
