using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Running;

/// <summary>One reply to one item at one effort.</summary>
public sealed record EvalSample(
    string ItemId,
    string Task,
    string Difficulty,
    ReasoningEffort Effort,
    int SampleIndex,
    bool Correct,
    // On tool-call items, the expected tool with schema-valid arguments (as ItemScore.RightTool); null on others.
    bool? RightTool,
    string AnswerKey,
    long ReasoningTokens,
    long OutputTokens,
    double Seconds,
    string? Error)
{
    /// <summary>The behaviour the item expects, or null on exact-answer and tool-call items.</summary>
    public ReplyExpectation? Expect { get; init; }

    /// <summary>On behaviour items, whether the reply was a refusal (as ItemScore.Refused); null on others.</summary>
    public bool? Refused { get; init; }

    /// <summary>What made the reply degenerate, or null (always null for a failed request: there was no reply).</summary>
    public string? Degeneracy { get; init; }

    /// <summary>The start of the answer on one line, for failure listings; empty for a failed request.</summary>
    public string Excerpt { get; init; } = "";
}
