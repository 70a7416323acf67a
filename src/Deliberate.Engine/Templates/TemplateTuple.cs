namespace Deliberate.Engine.Templates;

/// <summary>
/// A Python tuple: behaves as a list everywhere (indexing, iteration, <c>tojson</c> arrays) but prints
/// with parentheses, as <c>(1, 2)</c> literals and <c>dict.items()</c> / <c>dictsort</c> pairs do in Jinja.
/// </summary>
public sealed class TemplateTuple : List<object?>
{
    public TemplateTuple()
    {
    }

    public TemplateTuple(IEnumerable<object?> items)
        : base(items)
    {
    }
}
