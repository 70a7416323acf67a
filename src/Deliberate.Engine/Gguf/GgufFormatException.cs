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

    private GgufFormatException(long offset, string problem, string path, GgufFormatException inner)
        : base($"{path}: {problem} (at byte {offset})", inner)
    {
        Offset = offset;
        Problem = problem;
        Path = path;
    }

    /// <summary>Byte offset in the file where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The problem, without the offset.</summary>
    public string? Problem { get; }

    /// <summary>The file, when the problem was found while opening one (the message then starts with it).</summary>
    public string? Path { get; }

    /// <summary>The same problem attributed to <paramref name="path"/>, so a message alone says which file is bad.</summary>
    internal GgufFormatException InFile(string path) => new(Offset, Problem ?? Message, path, this);
}
