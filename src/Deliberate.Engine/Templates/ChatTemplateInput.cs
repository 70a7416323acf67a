using System.Text.Json;

namespace Deliberate.Engine.Templates;

/// <summary>
/// Everything a chat template renders from, named after the arguments of transformers'
/// <c>apply_chat_template</c>: messages, tools (OpenAI/HF <c>tools</c> list of JSON schemas),
/// <c>add_generation_prompt</c>, <c>enable_thinking</c> (left undefined when null, as templates test
/// <c>enable_thinking is defined</c>), special tokens, and extra keyword arguments such as
/// <c>reasoning_effort</c>.
/// </summary>
public sealed record ChatTemplateInput
{
    public required IReadOnlyList<ChatTemplateMessage> Messages { get; init; }

    public IReadOnlyList<JsonElement>? Tools { get; init; }

    public bool AddGenerationPrompt { get; init; } = true;

    public bool? EnableThinking { get; init; }

    public string BosToken { get; init; } = "";

    public string EosToken { get; init; } = "";

    /// <summary>Extra template variables (strings, numbers, bools, lists, dictionaries, JSON elements).</summary>
    public IReadOnlyDictionary<string, object?>? ExtraArguments { get; init; }

    /// <summary>
    /// OpenAI's <c>developer</c> role (the system prompt of reasoning models) is unknown to open chat
    /// templates, which would render it verbatim as "developer" or drop it. This maps every developer
    /// turn to <c>system</c>; when that leaves two system turns at the very start, they are merged into
    /// one (joined by a blank line) because most templates only treat the first message as the system prompt.
    /// </summary>
    public ChatTemplateInput WithDeveloperAsSystem()
    {
        if (!Messages.Any(m => m.Role == "developer"))
        {
            return this;
        }

        var mapped = Messages.Select(m => m.Role == "developer" ? m with { Role = "system" } : m).ToList();
        while (mapped.Count >= 2 && mapped[0].Role == "system" && mapped[1].Role == "system")
        {
            var merged = string.Join("\n\n", new[] { mapped[0].Content, mapped[1].Content }.Where(c => !string.IsNullOrEmpty(c)));
            mapped[0] = mapped[0] with { Content = merged };
            mapped.RemoveAt(1);
        }

        return this with { Messages = mapped };
    }
}
