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
    string? Error);
