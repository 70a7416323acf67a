using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Server.Contracts;

namespace Deliberate.Server.Chat;

/// <summary>
/// One choice's text turned into the API's message: tool calls the model wrote become <c>tool_calls</c> with
/// <c>call_…</c> ids and <c>finish_reason: "tool_calls"</c>. A call the model wrote inside its reasoning, when its answer
/// has none, is recovered as a call, so a model that "thinks aloud" in the call syntax still gets its tool run — but only
/// a call that the answer's tool-call grammar would have allowed (a declared name, schema-valid arguments): the
/// reasoning was not held to it, and a client must not receive a call it could not have received from the answer.
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
            var callGrammar = request.Structured.Constraint?.Trigger == OutputConstraints.ToolCallOpen ? request.Structured.Constraint.Grammar : null;
            calls = ToolCallParser.Parse(reasoning).Calls
                .Where(c => declared.Contains(c.Name) && (callGrammar is null || callGrammar.Matches(CallJson(c))))
                .ToList();
        }

        if (calls.Count == 0)
        {
            return (content, null, finish);
        }

        var dtos = calls.Select(c => new ToolCallDto("call_" + Guid.NewGuid().ToString("N")[..24], "function", new FunctionCallDto(c.Name, c.ArgumentsJson))).ToList();
        var visible = text.Trim();
        return (visible.Length > 0 ? visible : null, dtos, "tool_calls");
    }

    /// <summary>A parsed call as the tool-call grammar's value: <c>{"name": …, "arguments": …}</c>.</summary>
    private static string CallJson(ParsedToolCall call) =>
        "{\"name\": " + JsonSerializer.Serialize(call.Name) + ", \"arguments\": " + call.ArgumentsJson + "}";
}
