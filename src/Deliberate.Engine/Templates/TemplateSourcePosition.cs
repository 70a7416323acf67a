namespace Deliberate.Engine.Templates;

/// <summary>A 1-based line and column in the template source, carried by tokens and AST nodes for error messages.</summary>
public readonly record struct TemplateSourcePosition(int Line, int Column)
{
    public TemplateException Error(TemplateErrorKind kind, string reason) => new(kind, reason, Line, Column);
}
