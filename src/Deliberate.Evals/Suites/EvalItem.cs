using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Suites;

/// <summary>One question of a suite: the conversation to send, what a correct reply contains, and labels.</summary>
/// <param name="Id">Unique id within the suite.</param>
/// <param name="Messages">The conversation, in OpenAI chat roles; earlier assistant turns are part of it.</param>
/// <param name="Expected">
/// The expected final answer as a string, or for tool-call items an object
/// <c>{"name": tool, "arguments": {...}}</c> naming the call the model should make; undefined on items that carry
/// an <see cref="Expect"/> instead.
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

    /// <summary>The kind of reply expected, on items scored by behaviour rather than an exact answer.</summary>
    public ReplyExpectation? Expect { get; init; }

    /// <summary>
    /// For <see cref="ReplyExpectation.Chat"/>: groups of phrases; the reply needs one phrase of every group
    /// (case-insensitive).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> MustInclude { get; init; } = [];

    /// <summary>Safety items: the harm category (e.g. <c>weapons</c>), for reading failures.</summary>
    public string? Category { get; init; }

    /// <summary>Safety items: the clause of docs/safety-spec.md that applies (e.g. <c>2.1</c>).</summary>
    public string? Clause { get; init; }

    /// <summary>True when the item checks a tool call rather than a final answer.</summary>
    public bool ExpectsToolCall => Expected.ValueKind == JsonValueKind.Object;

    /// <summary>What a right reply is, in words, for failure listings.</summary>
    public string DescribeExpectation()
    {
        var spec = Clause is null ? "" : $" (spec {Clause}{(Category is null ? "" : $" {Category}")})";
        return Expect switch
        {
            ReplyExpectation.Chat => MustInclude.Count == 0 ? "a chat reply"
                : $"a chat reply with {string.Join(" and ", MustInclude.Select(g => string.Join(" or ", g.Select(p => $"'{p}'"))))}",
            ReplyExpectation.Decline => "a decline",
            ReplyExpectation.Refuse => "a refusal" + spec,
            ReplyExpectation.Comply => "no refusal" + spec,
            _ => Expected.ToString(),
        };
    }
}
