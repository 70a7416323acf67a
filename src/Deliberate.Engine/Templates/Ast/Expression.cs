namespace Deliberate.Engine.Templates.Ast;

/// <summary>Base of every expression node; <see cref="Position"/> is where it starts in the source.</summary>
internal abstract record Expression(TemplateSourcePosition Position);

/// <summary>A literal string, number, boolean or none.</summary>
internal sealed record LiteralExpression(object? Value, TemplateSourcePosition Position) : Expression(Position);

/// <summary>A list <c>[a, b]</c> or tuple <c>(a, b)</c>.</summary>
internal sealed record ListExpression(IReadOnlyList<Expression> Items, TemplateSourcePosition Position, bool IsTuple = false) : Expression(Position);

/// <summary>A dict literal <c>{'k': v}</c>.</summary>
internal sealed record DictExpression(IReadOnlyList<(Expression Key, Expression Value)> Pairs, TemplateSourcePosition Position) : Expression(Position);

/// <summary>A variable reference.</summary>
internal sealed record NameExpression(string Name, TemplateSourcePosition Position) : Expression(Position);

/// <summary><c>obj.name</c>.</summary>
internal sealed record AttributeExpression(Expression Target, string Name, TemplateSourcePosition Position) : Expression(Position);

/// <summary><c>obj[index]</c>.</summary>
internal sealed record IndexExpression(Expression Target, Expression Index, TemplateSourcePosition Position) : Expression(Position);

/// <summary><c>obj[start:stop:step]</c>; missing parts are null.</summary>
internal sealed record SliceExpression(Expression Target, Expression? Start, Expression? Stop, Expression? Step, TemplateSourcePosition Position) : Expression(Position);

/// <summary>Positional and keyword arguments of a call, filter or test.</summary>
internal sealed record Arguments(IReadOnlyList<Expression> Positional, IReadOnlyList<(string Name, Expression Value)> Named)
{
    public static Arguments None { get; } = new([], []);
}

/// <summary><c>callee(args)</c>.</summary>
internal sealed record CallExpression(Expression Callee, Arguments Arguments, TemplateSourcePosition Position) : Expression(Position);

/// <summary><c>input | name(args)</c>.</summary>
internal sealed record FilterExpression(Expression Input, string Name, Arguments Arguments, TemplateSourcePosition Position) : Expression(Position);

/// <summary><c>input is [not] name(args)</c>.</summary>
internal sealed record TestExpression(Expression Input, string Name, Arguments Arguments, bool Negated, TemplateSourcePosition Position) : Expression(Position);

/// <summary><c>not x</c>, <c>-x</c>, <c>+x</c>.</summary>
internal sealed record UnaryExpression(string Operator, Expression Operand, TemplateSourcePosition Position) : Expression(Position);

/// <summary>Arithmetic, concatenation, comparison, membership and boolean operators.</summary>
internal sealed record BinaryExpression(string Operator, Expression Left, Expression Right, TemplateSourcePosition Position) : Expression(Position);

/// <summary><c>then if condition else otherwise</c>; a missing else yields undefined.</summary>
internal sealed record ConditionalExpression(Expression Condition, Expression Then, Expression? Otherwise, TemplateSourcePosition Position) : Expression(Position);
