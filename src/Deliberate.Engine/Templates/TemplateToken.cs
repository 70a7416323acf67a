namespace Deliberate.Engine.Templates;

/// <summary>Kinds of tokens the template lexer produces.</summary>
internal enum TemplateTokenKind
{
    Text,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}

/// <summary>One lexer token. <see cref="Value"/> holds the text, name, operator or unescaped string literal.</summary>
internal readonly record struct TemplateToken(TemplateTokenKind Kind, string Value, TemplateSourcePosition Position)
{
    public bool Is(TemplateTokenKind kind, string value) => Kind == kind && Value == value;

    public bool IsOperator(string op) => Kind == TemplateTokenKind.Operator && Value == op;

    public bool IsName(string name) => Kind == TemplateTokenKind.Name && Value == name;

    public override string ToString() => Kind switch
    {
        TemplateTokenKind.End => "end of template",
        TemplateTokenKind.Text => "text",
        TemplateTokenKind.VariableEnd => "'}}'",
        TemplateTokenKind.BlockEnd => "'%}'",
        _ => $"'{Value}'",
    };
}
