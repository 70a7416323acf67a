namespace Deliberate.Engine.Templates;

/// <summary>
/// The <c>json.dumps</c> arguments transformers' <c>tojson</c> filter exposes, with Python's defaults:
/// separators <c>", "</c>/<c>": "</c>, or <c>","</c>/<c>": "</c> when indenting.
/// </summary>
public sealed record TemplateJsonOptions
{
    /// <summary>Indent unit; null for a single line. An empty string still breaks lines (Python's indent=0).</summary>
    public string? Indent { get; init; }

    public string? ItemSeparatorOverride { get; init; }

    public string? KeySeparatorOverride { get; init; }

    public bool SortKeys { get; init; }

    public bool EnsureAscii { get; init; }

    public string ItemSeparator => ItemSeparatorOverride ?? (Indent is null ? ", " : ",");

    public string KeySeparator => KeySeparatorOverride ?? ": ";
}
