namespace Deliberate.Engine.Templates.Ast;

/// <summary>Base of every statement node (text, output, and block tags).</summary>
internal abstract record Statement(TemplateSourcePosition Position);

/// <summary>Literal template text.</summary>
internal sealed record TextStatement(string Text, TemplateSourcePosition Position) : Statement(Position);

/// <summary><c>{{ expression }}</c>.</summary>
internal sealed record OutputStatement(Expression Value, TemplateSourcePosition Position) : Statement(Position);

/// <summary><c>{% if %}…{% elif %}…{% else %}…{% endif %}</c>.</summary>
internal sealed record IfStatement(IReadOnlyList<(Expression Condition, IReadOnlyList<Statement> Body)> Branches, IReadOnlyList<Statement>? Else, TemplateSourcePosition Position)
    : Statement(Position);

/// <summary><c>{% for a, b in items if cond %}…{% else %}…{% endfor %}</c>.</summary>
internal sealed record ForStatement(
    IReadOnlyList<string> Targets,
    Expression Iterable,
    Expression? Filter,
    IReadOnlyList<Statement> Body,
    IReadOnlyList<Statement>? Else,
    TemplateSourcePosition Position) : Statement(Position);

/// <summary><c>{% set x = v %}</c>, <c>{% set a, b = v %}</c> or <c>{% set ns.attr = v %}</c> (Attribute non-null).</summary>
internal sealed record SetStatement(IReadOnlyList<string> Targets, string? Attribute, Expression Value, TemplateSourcePosition Position) : Statement(Position);

/// <summary><c>{% set x %}…{% endset %}</c>: captures rendered text.</summary>
internal sealed record SetBlockStatement(string Target, IReadOnlyList<Statement> Body, TemplateSourcePosition Position) : Statement(Position);

/// <summary>One macro parameter with its optional default.</summary>
internal sealed record MacroParameter(string Name, Expression? Default);

/// <summary><c>{% macro name(a, b=1) %}…{% endmacro %}</c>.</summary>
internal sealed record MacroStatement(string Name, IReadOnlyList<MacroParameter> Parameters, IReadOnlyList<Statement> Body, TemplateSourcePosition Position)
    : Statement(Position);

/// <summary><c>{% call(params) macro(args) %}…{% endcall %}</c>: the body becomes <c>caller()</c>.</summary>
internal sealed record CallBlockStatement(CallExpression Call, IReadOnlyList<MacroParameter> CallerParameters, IReadOnlyList<Statement> Body, TemplateSourcePosition Position)
    : Statement(Position);

/// <summary><c>{% filter name %}…{% endfilter %}</c>.</summary>
internal sealed record FilterBlockStatement(string Filter, Arguments Arguments, IReadOnlyList<Statement> Body, TemplateSourcePosition Position) : Statement(Position);

/// <summary><c>{% break %}</c> / <c>{% continue %}</c> (the loopcontrols extension transformers enables).</summary>
internal sealed record LoopControlStatement(bool IsBreak, TemplateSourcePosition Position) : Statement(Position);
