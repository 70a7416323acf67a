namespace Deliberate.Engine.Templates;

/// <summary>Arguments passed to a template-callable function: positional values then keyword values.</summary>
public sealed class TemplateArguments
{
    public TemplateArguments(IReadOnlyList<object?> positional, IReadOnlyList<KeyValuePair<string, object?>> named)
    {
        Positional = positional;
        Named = named;
    }

    public IReadOnlyList<object?> Positional { get; }

    public IReadOnlyList<KeyValuePair<string, object?>> Named { get; }

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public object? Get(int index, string name, object? fallback = null)
    {
        foreach (var pair in Named)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return index >= 0 && index < Positional.Count ? Positional[index] : fallback;
    }

    public bool Has(int index, string name)
    {
        foreach (var pair in Named)
        {
            if (pair.Key == name)
            {
                return true;
            }
        }

        return index >= 0 && index < Positional.Count;
    }
}

/// <summary>
/// A value a template can call: a global such as <c>raise_exception</c>, a bound string/dict method,
/// a user-supplied function, or a macro. The position is that of the call, for error messages.
/// </summary>
public class TemplateFunction
{
    private readonly Func<TemplateArguments, TemplateSourcePosition, object?> _body;

    public TemplateFunction(string name, Func<TemplateArguments, TemplateSourcePosition, object?> body)
    {
        Name = name;
        _body = body;
    }

    public string Name { get; }

    public virtual object? Invoke(TemplateArguments arguments, TemplateSourcePosition at) => _body(arguments, at);

    public override string ToString() => $"<function {Name}>";
}
