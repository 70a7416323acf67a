using Deliberate.Engine.Chat;
using Deliberate.Server.Contracts;

namespace Deliberate.Server.Chat;

/// <summary>
/// One choice's text turned into the API's message: tool calls the model wrote become <c>tool_calls</c> with
/// <c>call_…</c> ids and <c>finish_reason: "tool_calls"</c>. A call the model wrote inside its reasoning, when its answer
/// has none, is recovered as a call (only calls to declared tools), so a model that "thinks aloud" in the call
/// syntax still gets its tool run.
/// </summary>
public static class ChoiceOutcome
{
    public static (string? Content, IReadOnlyList<ToolCallDto>? Calls, string Finish) Resolve(
        ChatRequest request, string content, string reasoning, string finish)
    {
        if (!request.Structured.ParseToolCalls)
        {
            return (request.Structured.Constraint?.Grammar is not null ? content.Trim() : content, null, finish);
        }

        var (text, calls) = ToolCallParser.Parse(content);
        if (calls.Count == 0 && reasoning.Contains(OutputConstraints.ToolCallOpen, StringComparison.Ordinal))
        {
            var declared = OutputConstraints.SignaturesOf(request.Structured.Tools).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            calls = ToolCallParser.Parse(reasoning).Calls.Where(c => declared.Contains(c.Name)).ToList();
        }

        if (calls.Count == 0)
        {
            return (content, null, finish);
        }

        var dtos = calls.Select(c => new ToolCallDto("call_" + Guid.NewGuid().ToString("N")[..24], "function", new FunctionCallDto(c.Name, c.ArgumentsJson))).ToList();
        var visible = text.Trim();
        return (visible.Length > 0 ? visible : null, dtos, "tool_calls");
    }
}
