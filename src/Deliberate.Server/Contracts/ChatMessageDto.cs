using System.Text.Json;

namespace Deliberate.Server.Contracts;

/// <summary>One entry of <c>messages</c>; <c>content</c> stays raw because it is a string or an array of parts.</summary>
public sealed class ChatMessageDto
{
    public string? Role { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }
    public string? ToolCallId { get; set; }
    public List<JsonElement>? ToolCalls { get; set; }
    public string? Refusal { get; set; }
    public string? ReasoningContent { get; set; }
    public JsonElement? Audio { get; set; }
    public JsonElement? FunctionCall { get; set; }
}
