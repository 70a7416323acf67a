namespace Deliberate.Engine.Reasoning;

/// <summary>The channel of a gpt-oss "harmony" message.</summary>
public enum HarmonyChannel
{
    /// <summary>Chain of thought (<c>analysis</c>): goes to <c>reasoning_content</c>.</summary>
    Analysis,
    /// <summary>Tool calls (with a recipient such as <c>functions.get_weather</c>) and preambles.</summary>
    Commentary,
    /// <summary>The answer shown to the user.</summary>
    Final,
}

/// <summary>
/// A piece of a harmony message. <see cref="Recipient"/> is set for tool calls (<c>to=functions.NAME</c>);
/// <see cref="Terminator"/> is set on the empty delta that closes a message (<c>&lt;|end|&gt;</c>,
/// <c>&lt;|call|&gt;</c> for a finished tool call, <c>&lt;|return|&gt;</c> for the end of the answer).
/// </summary>
public readonly record struct HarmonyDelta(HarmonyChannel Channel, string Text, string? Recipient = null, string? Terminator = null)
{
    public bool IsReasoning => Channel == HarmonyChannel.Analysis;

    public bool IsToolCall => Recipient is not null;
}
