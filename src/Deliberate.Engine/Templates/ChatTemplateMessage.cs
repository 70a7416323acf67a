namespace Deliberate.Engine.Templates;

/// <summary>
/// One conversation turn as chat templates see it. <see cref="Content"/> may be null (an assistant turn
/// that only calls tools). <see cref="ReasoningContent"/> carries a past turn's chain of thought; most
/// templates drop it from earlier turns.
/// </summary>
public sealed record ChatTemplateMessage(string Role, string? Content)
{
    public string? ReasoningContent { get; init; }

    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }

    /// <summary>For role "tool": the id of the call this message answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>Optional participant or tool name.</summary>
    public string? Name { get; init; }

    public static ChatTemplateMessage System(string content) => new("system", content);

    public static ChatTemplateMessage Developer(string content) => new("developer", content);

    public static ChatTemplateMessage User(string content) => new("user", content);

    public static ChatTemplateMessage Assistant(string? content, string? reasoning = null) => new("assistant", content) { ReasoningContent = reasoning };

    public static ChatTemplateMessage Tool(string content, string? toolCallId = null, string? name = null) =>
        new("tool", content) { ToolCallId = toolCallId, Name = name };
}
