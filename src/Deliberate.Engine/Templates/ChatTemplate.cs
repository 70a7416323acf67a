using System.Text.RegularExpressions;
using Deliberate.Engine.Models;

namespace Deliberate.Engine.Templates;

/// <summary>
/// A model's chat template: turns a conversation (<see cref="ChatTemplateInput"/>) into the prompt text
/// the model was trained on, exactly as transformers' <c>apply_chat_template</c> would.
/// </summary>
public sealed partial class ChatTemplate
{
    private readonly JinjaTemplate _template;

    private ChatTemplate(JinjaTemplate template)
    {
        _template = template;
        ToolCallArgumentsAsObjects = ArgumentsToJson().IsMatch(template.Source);
        NullContentAsEmpty = !RendersProbe(nullAsEmpty: false) && RendersProbe(nullAsEmpty: true);
    }

    public string Source => _template.Source;

    /// <summary>
    /// Whether tool-call arguments reach the template as parsed JSON objects (true) or as the raw JSON
    /// string (false). transformers expects objects, and templates that print them with <c>| tojson</c>
    /// (Llama 3.1, gpt-oss, Qwen3) need objects; older ones (DeepSeek V3/R1) concatenate them as strings.
    /// Detected from the source, as llama.cpp does.
    /// </summary>
    public bool ToolCallArgumentsAsObjects { get; }

    /// <summary>
    /// Whether null message content (an assistant turn that only calls tools) is passed as "" instead of
    /// none. Many templates (Qwen3, gpt-oss, Llama 3) fail on none, while others (DeepSeek V3) need none to
    /// pick their tool-call layout; like llama.cpp, we decide by rendering a probe conversation both ways.
    /// </summary>
    public bool NullContentAsEmpty { get; }

    /// <summary>Parses a template; throws <see cref="TemplateException"/> with line and column on bad input.</summary>
    public static ChatTemplate Parse(string source, TemplateLimits? limits = null) => new(JinjaTemplate.Parse(source, limits));

    /// <summary>One of the built-in fallback templates.</summary>
    public static ChatTemplate Builtin(BuiltinChatTemplate kind) => Parse(BuiltinSource(kind));

    /// <summary>The Jinja source of a built-in template.</summary>
    public static string BuiltinSource(BuiltinChatTemplate kind)
    {
        var name = kind switch
        {
            BuiltinChatTemplate.Llama3 => "llama3",
            BuiltinChatTemplate.DeepSeekR1Distill => "deepseek-r1-distill",
            _ => "chatml-think",
        };
        using var stream = typeof(ChatTemplate).Assembly.GetManifestResourceStream($"Deliberate.Engine.Templates.Builtin.{name}.jinja")
            ?? throw new InvalidOperationException($"built-in template {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The model file's template when it has one, otherwise a built-in chosen from the architecture and
    /// model name (GGUF <c>general.architecture</c> and <c>general.name</c>): R1-Distill models by name, otherwise
    /// the architecture's <see cref="ArchitectureTraits.FallbackTemplate"/> (Llama 3 for llama), and ChatML for an
    /// architecture we do not know.
    /// </summary>
    public static ChatTemplate FromModel(string? chatTemplate, string? architecture = null, string? modelName = null)
    {
        if (!string.IsNullOrWhiteSpace(chatTemplate))
        {
            return Parse(chatTemplate);
        }

        var name = modelName ?? "";
        if (name.Contains("deepseek", StringComparison.OrdinalIgnoreCase) && name.Contains("distill", StringComparison.OrdinalIgnoreCase))
        {
            return Builtin(BuiltinChatTemplate.DeepSeekR1Distill);
        }

        var traits = architecture is null ? null : ArchitectureTraits.Find(architecture);
        return Builtin(traits?.FallbackTemplate ?? BuiltinChatTemplate.ChatMlThink);
    }

    /// <summary>
    /// Renders the prompt. Developer turns are mapped to system first (see
    /// <see cref="ChatTemplateInput.WithDeveloperAsSystem"/>) unless <paramref name="mapDeveloperToSystem"/> is false
    /// (gpt-oss's template understands "developer" itself). <paramref name="time"/> feeds <c>strftime_now</c>.
    /// </summary>
    public string Render(ChatTemplateInput input, TimeProvider? time = null, bool mapDeveloperToSystem = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (mapDeveloperToSystem)
        {
            input = input.WithDeveloperAsSystem();
        }

        return _template.Render(ChatTemplateVariables.Build(input, ToolCallArgumentsAsObjects, NullContentAsEmpty), time);
    }

    private bool RendersProbe(bool nullAsEmpty)
    {
        var probe = new ChatTemplateInput
        {
            Messages =
            [
                ChatTemplateMessage.User("x"),
                new ChatTemplateMessage("assistant", null) { ToolCalls = [new ChatToolCall("c", "f", "{}")] },
                ChatTemplateMessage.Tool("y", "c"),
            ],
            Tools = [ProbeTool.RootElement],
        };
        try
        {
            _template.Render(ChatTemplateVariables.Build(probe, ToolCallArgumentsAsObjects, nullAsEmpty));
            return true;
        }
        catch (TemplateException)
        {
            return false;
        }
    }

    private static readonly System.Text.Json.JsonDocument ProbeTool = System.Text.Json.JsonDocument.Parse(
        """{"type": "function", "function": {"name": "f", "description": "f", "parameters": {"type": "object", "properties": {}}}}""");

    [GeneratedRegex(@"arguments\s*\|\s*tojson")]
    private static partial Regex ArgumentsToJson();
}
