namespace Deliberate.Engine.Reasoning;

/// <summary>Which stream a piece of model output belongs to.</summary>
public enum ReasoningChannel
{
    /// <summary>Chain of thought (OpenAI's <c>reasoning_content</c>).</summary>
    Reasoning,
    /// <summary>The visible answer (<c>content</c>).</summary>
    Answer,
}
