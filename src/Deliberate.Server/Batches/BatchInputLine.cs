namespace Deliberate.Server.Batches;

/// <summary>A well-formed request of a batch's input file: its 1-based line, its <c>custom_id</c>, and its <c>body</c> as written.</summary>
public sealed record BatchInputLine(int Line, string CustomId, string Body);
