using System.Text.Json;

namespace Deliberate.Engine.Chat;

/// <summary>
/// What one choice is, decided once by the engine for every surface (HTTP and <see cref="EngineChatClient"/> only map
/// it): the visible content, a refusal, the reasoning, the tool calls and the finish reason.
/// </summary>
/// <param name="Content">The visible answer: null when it was a refusal, or only tool calls; trimmed when it was constrained.</param>
/// <param name="Refusal">The refusal text when the model refused a JSON answer, else null.</param>
/// <param name="Reasoning">The reasoning, as streamed.</param>
/// <param name="ToolCalls">Calls the choice made, in order.</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c> or <c>tool_calls</c>, as the API reports it (<c>length</c> also
/// for a tool call the engine closed because the room ran out).</param>
/// <param name="CompletionTokens">Tokens generated for this choice, reasoning included.</param>
/// <param name="ReasoningTokens">Of those, tokens spent reasoning.</param>
public sealed record ChoiceOutcome(
    string? Content, string? Refusal, string Reasoning, IReadOnlyList<ParsedToolCall> ToolCalls, string FinishReason, int CompletionTokens, int ReasoningTokens)
{
    /// <summary>
    /// Decides a finished choice from its texts. When the request may call tools, calls are parsed out of the answer
    /// and the answer keeps only its text. A call the model wrote inside its reasoning, when the answer has none, is
    /// recovered as a call, so a model that "thinks aloud" in call syntax still gets its tool run (budget forcing may
    /// have cut the reasoning right after it) — but only a call the answer's tool-call grammar would have allowed (a
    /// declared name, schema-valid arguments): the reasoning was not held to it, and no caller may receive a call it
    /// could not have received from the answer.
    /// </summary>
    internal static ChoiceOutcome Decide(ChatRequest request, string content, string reasoning, string? refusal, string finish, int completionTokens, int reasoningTokens)
    {
        if (refusal is not null)
        {
            return new(null, refusal.Trim(), reasoning, [], finish, completionTokens, reasoningTokens);
        }

        if (!request.ParsesToolCalls)
        {
            var visible = request.Constraint?.Grammar is not null ? content.Trim() : content;
            return new(visible, null, reasoning, [], finish, completionTokens, reasoningTokens);
        }

        var (text, calls) = ToolCallParser.Parse(content);
        if (calls.Count == 0 && reasoning.Contains(OutputConstraints.ToolCallOpen, StringComparison.Ordinal))
        {
            var declared = OutputConstraints.SignaturesOf(request.Tools!).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var callGrammar = request.Constraint?.Trigger == OutputConstraints.ToolCallOpen ? request.Constraint.Grammar : null;
            calls = [.. ToolCallParser.Parse(reasoning).Calls.Where(c => declared.Contains(c.Name) && (callGrammar is null || callGrammar.Matches(CallJson(c))))];
        }

        if (calls.Count == 0)
        {
            return new(content, null, reasoning, [], finish, completionTokens, reasoningTokens);
        }

        var answer = text.Trim();
        // A call the engine closed because the room ran out is valid but cut short: "length" says so.
        return new(answer.Length > 0 ? answer : null, null, reasoning, calls, finish == "length" ? "length" : "tool_calls", completionTokens, reasoningTokens);
    }

    /// <summary>A parsed call as the tool-call grammar's value: <c>{"name": …, "arguments": …}</c>.</summary>
    private static string CallJson(ParsedToolCall call) =>
        "{\"name\": " + JsonSerializer.Serialize(call.Name, ChatJson.Default.String) + ", \"arguments\": " + call.ArgumentsJson + "}";
}
