namespace Deliberate.Server.Batches;

/// <summary>A request of a running batch: its line in the input file, its <c>custom_id</c>, its body as written.</summary>
public sealed record BatchRequestRow(long Line, string CustomId, string Body);
