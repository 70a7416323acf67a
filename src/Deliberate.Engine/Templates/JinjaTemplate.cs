using Deliberate.Engine.Templates.Ast;

namespace Deliberate.Engine.Templates;

/// <summary>
/// A parsed Jinja template (the subset chat templates use), rendered with transformers' settings:
/// <c>trim_blocks</c> and <c>lstrip_blocks</c> on, no autoescaping, lenient undefined values,
/// <c>raise_exception</c>, <c>strftime_now</c> and the loop-control extension.
/// Parse once, render many times; rendering is thread-safe (each call has its own state).
/// </summary>
public sealed class JinjaTemplate
{
    private readonly IReadOnlyList<Statement> _body;
    private readonly TemplateLimits _limits;

    private JinjaTemplate(string source, IReadOnlyList<Statement> body, TemplateLimits limits)
    {
        Source = source;
        _body = body;
        _limits = limits;
    }

    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="TemplateException"/> (kind Syntax or Limit) with the line and column.</summary>
    public static JinjaTemplate Parse(string source, TemplateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= TemplateLimits.Default;
        return new JinjaTemplate(source, TemplateParser.Parse(source, limits), limits);
    }

    /// <summary>
    /// Renders with the given variables. Values may be template values (see <see cref="TemplateValues"/>)
    /// or plain CLR values (int, string, dictionaries, lists, <see cref="System.Text.Json.JsonElement"/>), converted on entry.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var renderer = new TemplateRenderer(_limits, EmptyGlobals, time ?? TimeProvider.System);
        return renderer.Render(_body, variables);
    }

    private static readonly IReadOnlyDictionary<string, object?> EmptyGlobals = new Dictionary<string, object?>();
}
