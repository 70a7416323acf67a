namespace Deliberate.Engine.Reasoning;

/// <summary>The strings that open and close a model's reasoning (Qwen3, DeepSeek-R1, deliberate-nano: <c>&lt;think&gt;</c>/<c>&lt;/think&gt;</c>).</summary>
public sealed record ReasoningTags(string Open, string Close)
{
    public static ReasoningTags Think { get; } = new("<think>", "</think>");

    /// <summary>
    /// Whether a rendered prompt leaves the model inside reasoning: it ends with an open tag and whitespace
    /// (R1-Distill's generation prompt ends with <c>&lt;think&gt;\n</c>; Qwen3 with thinking off ends with an
    /// empty, closed think block; a tag quoted in a message has text after it).
    /// </summary>
    public bool PromptOpensReasoning(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        // Only the generation prompt's own tag counts (templates end with "<think>\n"): one a user merely quotes
        // has text after it.
        var open = prompt.LastIndexOf(Open, StringComparison.Ordinal);
        return open >= 0 && prompt.AsSpan(open + Open.Length).IsWhiteSpace();
    }
}
