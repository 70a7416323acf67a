using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Suites;

/// <summary>One question of a suite: the conversation to send, what a correct reply contains, and labels.</summary>
/// <param name="Id">Unique id within the suite.</param>
/// <param name="Messages">The conversation, in OpenAI chat roles.</param>
/// <param name="Expected">
/// The expected final answer as a string, or for tool-call items an object
/// <c>{"name": tool, "arguments": {...}}</c> naming the call the model should make.
/// </param>
/// <param name="Task">Task family, e.g. <c>addition</c>.</param>
/// <param name="Difficulty">Difficulty label or level within the family.</param>
/// <param name="Tools">Tool declarations offered to the model (OpenAI <c>tools</c> entries), if any.</param>
public sealed record EvalItem(
    string Id,
    IReadOnlyList<ChatMessage> Messages,
    JsonElement Expected,
    string Task,
    string Difficulty,
    IReadOnlyList<AITool> Tools)
{
    /// <summary>When set, the answer is a JSON object and the expected value sits under this key.</summary>
    public string? JsonKey { get; init; }

    /// <summary>True when the item checks a tool call rather than a final answer.</summary>
    public bool ExpectsToolCall => Expected.ValueKind == JsonValueKind.Object;
}
