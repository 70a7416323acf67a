namespace Deliberate.Engine.Models;

/// <summary>A sequence would grow past its configured context size; we never truncate silently.</summary>
public sealed class ContextLengthExceededException(int contextSize, int requested)
    : Exception($"Sequence needs {requested} positions but its context holds {contextSize}.")
{
    public int ContextSize { get; } = contextSize;

    public int Requested { get; } = requested;
}
