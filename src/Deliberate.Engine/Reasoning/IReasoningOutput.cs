namespace Deliberate.Engine.Reasoning;

/// <summary>
/// Receives the text a <see cref="ReasoningParser"/> releases, piece by piece. The span points into the parser's own
/// buffer and is valid only during the call, so a stream is split without a string per token.
/// </summary>
public interface IReasoningOutput
{
    void Write(ReasoningChannel channel, ReadOnlySpan<char> text);
}
