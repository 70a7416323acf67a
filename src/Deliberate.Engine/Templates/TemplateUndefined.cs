namespace Deliberate.Engine.Templates;

/// <summary>
/// Jinja's undefined value: prints as empty, is falsy, iterates as empty, and (leniently, like
/// @huggingface/jinja) yields undefined again for attribute and index access. <see cref="Name"/>
/// remembers what was looked up, for error messages.
/// </summary>
public sealed class TemplateUndefined
{
    public static TemplateUndefined Instance { get; } = new("value");

    public TemplateUndefined(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => "";
}
