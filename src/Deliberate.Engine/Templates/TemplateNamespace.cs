namespace Deliberate.Engine.Templates;

/// <summary>
/// The object <c>namespace(...)</c> returns: the one value whose attributes a template may assign
/// (<c>{% set ns.found = true %}</c>), which is how state escapes a for-loop's scope in Jinja.
/// </summary>
public sealed class TemplateNamespace
{
    public OrderedDictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
