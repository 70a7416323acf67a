namespace Deliberate.Engine.Templates;

/// <summary>
/// One level of variable bindings. Jinja gives for-loop bodies and macro bodies their own scope (a
/// <c>set</c> inside a loop does not leak out, hence <c>namespace()</c>); <c>if</c> does not.
/// </summary>
internal sealed class TemplateScope
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

    public TemplateScope(TemplateScope? parent) => Parent = parent;

    public TemplateScope? Parent { get; }

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public void Set(string name, object? value) => _variables[name] = value;
}
