using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Chat;

/// <summary>
/// What the visible answer must be. Reasoning is never constrained: the constraint takes hold when the model's
/// thinking ends (or when it answers without thinking), so a model can reason freely and still produce valid JSON.
/// </summary>
public sealed record OutputConstraint
{
    /// <summary>The answer is one JSON value of this grammar (a schema, or any object for JSON mode).</summary>
    public CompiledGrammar? Grammar { get; init; }

    /// <summary>
    /// A token (e.g. <c>&lt;tool_call&gt;</c> with <c>tool_choice: auto</c>) the constraint waits for: until the answer
    /// writes it, and again after the suffix, the answer is free; once it is written the prefix, the grammar and the
    /// suffix hold, so every call the model chooses to make names a declared tool and carries valid arguments (the lazy
    /// grammar of llama.cpp's tool calls). Null: the whole answer is constrained. A text the tokenizer has no single
    /// token for leaves the answer free.
    /// </summary>
    public string? Trigger { get; init; }

    /// <summary>
    /// Written before the JSON once the model starts its answer (after the trigger, when there is one) (e.g. <c>&lt;tool_call&gt;\n</c>, so a call is forced);
    /// the model only chooses to start it.
    /// </summary>
    public string Prefix { get; init; } = "";

    /// <summary>Written after the JSON is complete; then the choice ends (e.g. <c>\n&lt;/tool_call&gt;</c>).</summary>
    public string Suffix { get; init; } = "";

    /// <summary>
    /// Phrases a model may open its answer with instead of the JSON (e.g. "I'm sorry"): once one is written the rest
    /// of the answer is free and reported as a refusal. Empty: the JSON is the only way to answer.
    /// </summary>
    public IReadOnlyList<string> RefusalPrefixes { get; init; } = [];

    /// <summary>Special tokens the answer may not contain (e.g. the tool-call tag when <c>tool_choice</c> is <c>none</c>).</summary>
    public IReadOnlyList<string> ForbiddenTokens { get; init; } = [];
}
