using Deliberate.Engine.Templates.Ast;

namespace Deliberate.Engine.Templates;

/// <summary>
/// A macro defined by <c>{% macro %}</c>, bound to the render and scope it was defined in. Calling it
/// renders its body into a fresh buffer and returns the text; a <c>{% call %}</c> block passes <c>caller</c> as a keyword.
/// </summary>
internal sealed class TemplateMacro : TemplateFunction
{
    private readonly TemplateRenderer _renderer;
    private readonly TemplateScope _closure;
    private readonly IReadOnlyList<MacroParameter> _parameters;
    private readonly IReadOnlyList<Statement> _body;

    public TemplateMacro(string name, IReadOnlyList<MacroParameter> parameters, IReadOnlyList<Statement> body, TemplateRenderer renderer, TemplateScope closure)
        : base(name, static (_, _) => null)
    {
        _renderer = renderer;
        _closure = closure;
        _parameters = parameters;
        _body = body;
    }

    public override object? Invoke(TemplateArguments arguments, TemplateSourcePosition at)
    {
        var scope = new TemplateScope(_closure);
        if (arguments.Positional.Count > _parameters.Count)
        {
            throw at.Error(TemplateErrorKind.Runtime, $"macro '{Name}' takes {_parameters.Count} arguments, {arguments.Positional.Count} given");
        }

        for (var i = 0; i < _parameters.Count; i++)
        {
            var parameter = _parameters[i];
            object? value;
            if (arguments.Has(i, parameter.Name))
            {
                value = arguments.Get(i, parameter.Name);
            }
            else
            {
                value = parameter.Default is null ? new TemplateUndefined(parameter.Name) : _renderer.Evaluate(parameter.Default, scope);
            }

            scope.Set(parameter.Name, value);
        }

        foreach (var pair in arguments.Named)
        {
            if (!_parameters.Any(p => p.Name == pair.Key))
            {
                scope.Set(pair.Key, pair.Value);
            }
        }

        return _renderer.RenderMacroBody(_body, scope, at);
    }
}
