namespace Deliberate.Engine.Templates;

/// <summary>A tool call made by an assistant turn, as in OpenAI's <c>tool_calls[]</c>: arguments are JSON text.</summary>
public sealed record ChatToolCall(string Id, string Name, string ArgumentsJson);
