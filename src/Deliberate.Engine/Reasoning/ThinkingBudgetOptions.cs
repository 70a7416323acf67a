namespace Deliberate.Engine.Reasoning;

/// <summary>
/// Settings for <see cref="ThinkingBudget"/>. Token ids come from the caller's tokenizer (for Qwen3:
/// <c>&lt;think&gt;</c> = 151667, <c>&lt;/think&gt;</c> = 151668; the forced ending is the encoding of
/// "\n&lt;/think&gt;\n\n").
/// </summary>
public sealed record ThinkingBudgetOptions
{
    /// <summary>Most tokens the model may spend reasoning; null for no cap.</summary>
    public int? MaxReasoningTokens { get; init; }

    /// <summary>
    /// s1-style budget forcing: fewer reasoning tokens than this and an attempt to close reasoning is
    /// suppressed and <see cref="ContinuationTokens"/> (e.g. "Wait") injected instead. 0 disables it.
    /// </summary>
    public int MinReasoningTokens { get; init; }

    /// <summary>How many times the close may be suppressed before it is let through anyway.</summary>
    public int MaxExtensions { get; init; } = 8;

    /// <summary>Token id that opens reasoning, when the output may start with it; null when the prompt decides.</summary>
    public int? OpenTokenId { get; init; }

    /// <summary>Token id that closes reasoning (a single special token in Qwen3 and R1 vocabularies).</summary>
    public int? CloseTokenId { get; init; }

    /// <summary>Tokens injected when the budget is spent (must end reasoning, e.g. "\n&lt;/think&gt;\n\n").</summary>
    public IReadOnlyList<int> EndOfThinkingTokens { get; init; } = [];

    /// <summary>Tokens injected instead of a premature close (e.g. "\nWait").</summary>
    public IReadOnlyList<int> ContinuationTokens { get; init; } = [];

    /// <summary>True when the prompt already opened reasoning.</summary>
    public bool StartInReasoning { get; init; }
}
