namespace Deliberate.Engine.Conversion;

/// <summary>A safetensors file that breaks the format: names the byte offset and the problem.</summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException(long offset, string problem)
        : base($"safetensors: {problem} (at byte {offset})")
    {
        Offset = offset;
    }

    public SafetensorsFormatException()
    {
    }

    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    public SafetensorsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset in the file where the problem was found.</summary>
    public long Offset { get; }
}
