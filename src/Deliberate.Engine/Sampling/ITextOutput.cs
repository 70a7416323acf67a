namespace Deliberate.Engine.Sampling;

/// <summary>
/// Receives text a streaming component releases. The span points into the component's own buffer and is valid only
/// during the call, so streaming text needs no string per token.
/// </summary>
public interface ITextOutput
{
    void Write(ReadOnlySpan<char> text);
}
