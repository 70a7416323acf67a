namespace Deliberate.Engine.Gguf;

/// <summary>
/// The one exception the GGUF reader lets escape for a bad file: names the byte offset and the problem.
/// </summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException(long offset, string problem)
        : base($"GGUF: {problem} (at byte {offset})")
    {
        Offset = offset;
        Problem = problem;
    }

    public GgufFormatException()
    {
    }

    public GgufFormatException(string message)
        : base(message)
    {
    }

    public GgufFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset in the file where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The problem, without the offset.</summary>
    public string? Problem { get; }
}
