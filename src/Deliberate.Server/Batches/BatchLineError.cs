namespace Deliberate.Server.Batches;

/// <summary>
/// One problem with a batch's input file, as the batch object's <c>errors.data[]</c> carries it: a code, a message,
/// the field at fault (<paramref name="Param"/>) and the 1-based line (null for the file as a whole).
/// </summary>
public sealed record BatchLineError(string Code, string Message, string? Param, int? Line)
{
    public override string ToString() => Line is { } line ? $"line {line}: {Message}" : Message;
}
