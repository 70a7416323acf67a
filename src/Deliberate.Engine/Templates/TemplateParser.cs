using System.Globalization;
using Deliberate.Engine.Templates.Ast;

namespace Deliberate.Engine.Templates;

/// <summary>
/// Recursive-descent parser from tokens to statements and expressions, following Jinja's grammar and
/// precedence: conditional &lt; or &lt; and &lt; not &lt; comparison/in &lt; + - &lt; ~ &lt; * / // % &lt; ** &lt;
/// unary &lt; postfix (attribute, index, call) then filters and tests.
/// </summary>
internal sealed class TemplateParser
{
    private readonly List<TemplateToken> _tokens;
    private readonly int _maxDepth;
    private int _index;
    private int _depth;

    private TemplateParser(List<TemplateToken> tokens, int maxDepth)
    {
        _tokens = tokens;
        _maxDepth = maxDepth;
    }

    public static IReadOnlyList<Statement> Parse(string source, TemplateLimits limits)
    {
        if (source.Length > limits.MaxSourceLength)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"template is {source.Length} characters, more than the cap of {limits.MaxSourceLength}", 0, 0);
        }

        var parser = new TemplateParser(TemplateLexer.Tokenize(source), limits.MaxNestingDepth);
        var body = parser.ParseBody(out var endTag);
        if (endTag is not null)
        {
            throw endTag.Value.Position.Error(TemplateErrorKind.Syntax, $"unexpected '{endTag.Value.Value}' without a matching opening tag");
        }

        return body;
    }

    private TemplateToken Current => _tokens[_index];

    private TemplateToken Next() => _tokens[_index++];

    private TemplateException Error(string reason) => Current.Position.Error(TemplateErrorKind.Syntax, reason);

    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"template nesting deeper than {_maxDepth}", Current.Position.Line, Current.Position.Column);
        }
    }

    private TemplateToken Expect(TemplateTokenKind kind, string? value = null)
    {
        var token = Current;
        if (token.Kind != kind || (value is not null && token.Value != value))
        {
            throw Error($"expected {(value is null ? kind.ToString().ToLowerInvariant() : $"'{value}'")}, found {token}");
        }

        _index++;
        return token;
    }

    private bool TryOperator(string op)
    {
        if (Current.IsOperator(op))
        {
            _index++;
            return true;
        }

        return false;
    }

    private bool TryName(string name)
    {
        if (Current.IsName(name))
        {
            _index++;
            return true;
        }

        return false;
    }

    private string ExpectName() => Expect(TemplateTokenKind.Name).Value;

    // Parses statements until end of input or a block tag whose keyword is not a statement start
    // (endif, else, elif, endfor, ...). That tag's keyword token is returned with the parser positioned
    // just after it.
    private List<Statement> ParseBody(out TemplateToken? endTag)
    {
        Enter();
        var body = new List<Statement>();
        endTag = null;
        while (Current.Kind != TemplateTokenKind.End)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TemplateTokenKind.Text:
                    body.Add(new TextStatement(token.Value, token.Position));
                    break;
                case TemplateTokenKind.VariableBegin:
                    var value = ParseExpression();
                    Expect(TemplateTokenKind.VariableEnd);
                    body.Add(new OutputStatement(value, token.Position));
                    break;
                case TemplateTokenKind.BlockBegin:
                    var keyword = Expect(TemplateTokenKind.Name);
                    var statement = ParseBlock(keyword);
                    if (statement is null)
                    {
                        endTag = keyword;
                        _depth--;
                        return body;
                    }

                    if (statement is not NoStatement)
                    {
                        body.Add(statement);
                    }

                    break;
                default:
                    throw token.Position.Error(TemplateErrorKind.Syntax, $"unexpected {token}");
            }
        }

        _depth--;
        return body;
    }

    private List<Statement> ParseBodyUntil(string opener, TemplateSourcePosition at, out string terminator, params string[] terminators)
    {
        var body = ParseBody(out var end);
        if (end is null)
        {
            throw at.Error(TemplateErrorKind.Syntax, $"'{opener}' is never closed (expected {string.Join(" or ", terminators)})");
        }

        if (Array.IndexOf(terminators, end.Value.Value) < 0)
        {
            throw end.Value.Position.Error(TemplateErrorKind.Syntax, $"unexpected '{end.Value.Value}' inside '{opener}' (expected {string.Join(" or ", terminators)})");
        }

        terminator = end.Value.Value;
        return body;
    }

    // Returns null for a terminator keyword (left for the enclosing construct to check).
    private Statement? ParseBlock(TemplateToken keyword)
    {
        var at = keyword.Position;
        switch (keyword.Value)
        {
            case "if":
                return ParseIf(at);
            case "for":
                return ParseFor(at);
            case "set":
                return ParseSet(at);
            case "macro":
                return ParseMacro(at);
            case "call":
                return ParseCallBlock(at);
            case "filter":
                return ParseFilterBlock(at);
            case "break":
            case "continue":
                Expect(TemplateTokenKind.BlockEnd);
                return new LoopControlStatement(keyword.Value == "break", at);
            case "generation":
            case "endgeneration":
                // transformers' AssistantTracker marks assistant spans for training masks; rendering ignores it.
                Expect(TemplateTokenKind.BlockEnd);
                return NoStatement.Instance;
            case "do":
                var expr = ParseExpression();
                Expect(TemplateTokenKind.BlockEnd);
                return new SetStatement(["_"], null, expr, at);
            case "elif":
            case "else":
            case "endif":
            case "endfor":
            case "endset":
            case "endmacro":
            case "endcall":
            case "endfilter":
                return null;
            default:
                throw at.Error(TemplateErrorKind.Syntax, $"unknown or unsupported tag '{keyword.Value}'");
        }
    }

    private IfStatement ParseIf(TemplateSourcePosition at)
    {
        var branches = new List<(Expression, IReadOnlyList<Statement>)>();
        var condition = ParseExpression();
        Expect(TemplateTokenKind.BlockEnd);
        while (true)
        {
            var body = ParseBodyUntil("if", at, out var terminator, "elif", "else", "endif");
            branches.Add((condition, body));
            if (terminator == "elif")
            {
                condition = ParseExpression();
                Expect(TemplateTokenKind.BlockEnd);
                continue;
            }

            Expect(TemplateTokenKind.BlockEnd);
            if (terminator == "else")
            {
                var elseBody = ParseBodyUntil("if", at, out _, "endif");
                Expect(TemplateTokenKind.BlockEnd);
                return new IfStatement(branches, elseBody, at);
            }

            return new IfStatement(branches, null, at);
        }
    }

    private ForStatement ParseFor(TemplateSourcePosition at)
    {
        var targets = new List<string>();
        var parenthesised = TryOperator("(");
        do
        {
            targets.Add(ExpectName());
        }
        while (TryOperator(","));

        if (parenthesised)
        {
            Expect(TemplateTokenKind.Operator, ")");
        }

        Expect(TemplateTokenKind.Name, "in");
        // The iterable may not contain a bare conditional: 'if' here starts the loop filter.
        var iterable = ParseOr();
        iterable = ParseFilterAndTests(iterable);
        Expression? filter = null;
        if (TryName("if"))
        {
            filter = ParseExpression();
        }

        if (Current.IsName("recursive"))
        {
            throw Error("recursive loops are not supported");
        }

        Expect(TemplateTokenKind.BlockEnd);
        var body = ParseBodyUntil("for", at, out var terminator, "else", "endfor");
        Expect(TemplateTokenKind.BlockEnd);
        List<Statement>? elseBody = null;
        if (terminator == "else")
        {
            elseBody = ParseBodyUntil("for", at, out _, "endfor");
            Expect(TemplateTokenKind.BlockEnd);
        }

        return new ForStatement(targets, iterable, filter, body, elseBody, at);
    }

    private Statement ParseSet(TemplateSourcePosition at)
    {
        var first = ExpectName();
        if (TryOperator("."))
        {
            var attribute = ExpectName();
            Expect(TemplateTokenKind.Operator, "=");
            var value = ParseExpression();
            Expect(TemplateTokenKind.BlockEnd);
            return new SetStatement([first], attribute, value, at);
        }

        var targets = new List<string> { first };
        while (TryOperator(","))
        {
            targets.Add(ExpectName());
        }

        if (Current.Kind == TemplateTokenKind.BlockEnd && targets.Count == 1)
        {
            _index++;
            var body = ParseBodyUntil("set", at, out _, "endset");
            Expect(TemplateTokenKind.BlockEnd);
            return new SetBlockStatement(first, body, at);
        }

        Expect(TemplateTokenKind.Operator, "=");
        var expression = ParseExpression();
        Expect(TemplateTokenKind.BlockEnd);
        return new SetStatement(targets, null, expression, at);
    }

    private List<MacroParameter> ParseParameters()
    {
        var parameters = new List<MacroParameter>();
        Expect(TemplateTokenKind.Operator, "(");
        while (!TryOperator(")"))
        {
            if (parameters.Count > 0)
            {
                Expect(TemplateTokenKind.Operator, ",");
                if (TryOperator(")"))
                {
                    break;
                }
            }

            var name = ExpectName();
            Expression? defaultValue = TryOperator("=") ? ParseExpression() : null;
            parameters.Add(new MacroParameter(name, defaultValue));
        }

        return parameters;
    }

    private MacroStatement ParseMacro(TemplateSourcePosition at)
    {
        var name = ExpectName();
        var parameters = ParseParameters();
        Expect(TemplateTokenKind.BlockEnd);
        var body = ParseBodyUntil("macro", at, out _, "endmacro");
        if (Current.Kind == TemplateTokenKind.Name)
        {
            _index++;
        }

        Expect(TemplateTokenKind.BlockEnd);
        return new MacroStatement(name, parameters, body, at);
    }

    private CallBlockStatement ParseCallBlock(TemplateSourcePosition at)
    {
        var callerParameters = Current.IsOperator("(") ? ParseParameters() : [];
        var call = ParseExpression() as CallExpression ?? throw at.Error(TemplateErrorKind.Syntax, "'call' needs a macro call");
        Expect(TemplateTokenKind.BlockEnd);
        var body = ParseBodyUntil("call", at, out _, "endcall");
        Expect(TemplateTokenKind.BlockEnd);
        return new CallBlockStatement(call, callerParameters, body, at);
    }

    private FilterBlockStatement ParseFilterBlock(TemplateSourcePosition at)
    {
        var name = ExpectName();
        var arguments = Current.IsOperator("(") ? ParseArguments() : Arguments.None;
        Expect(TemplateTokenKind.BlockEnd);
        var body = ParseBodyUntil("filter", at, out _, "endfilter");
        Expect(TemplateTokenKind.BlockEnd);
        return new FilterBlockStatement(name, arguments, body, at);
    }

    public Expression ParseExpression()
    {
        Enter();
        var at = Current.Position;
        var value = ParseOr();
        while (TryName("if"))
        {
            var condition = ParseOr();
            Expression? otherwise = TryName("else") ? ParseExpression() : null;
            value = new ConditionalExpression(condition, value, otherwise, at);
        }

        _depth--;
        return value;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var at = Next().Position;
            left = new BinaryExpression("or", left, ParseAnd(), at);
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var at = Next().Position;
            left = new BinaryExpression("and", left, ParseNot(), at);
        }

        return left;
    }

    private Expression ParseNot()
    {
        if (Current.IsName("not"))
        {
            var at = Next().Position;
            Enter();
            var operand = ParseNot();
            _depth--;
            return new UnaryExpression("not", operand, at);
        }

        return ParseCompare();
    }

    private Expression ParseCompare()
    {
        var left = ParseMath1();
        Expression? result = null;
        while (true)
        {
            var at = Current.Position;
            string op;
            if (Current.Kind == TemplateTokenKind.Operator && Current.Value is "==" or "!=" or "<" or ">" or "<=" or ">=")
            {
                op = Next().Value;
            }
            else if (Current.IsName("in"))
            {
                _index++;
                op = "in";
            }
            else if (Current.IsName("not") && _tokens[_index + 1].IsName("in"))
            {
                _index += 2;
                op = "not in";
            }
            else
            {
                break;
            }

            var right = ParseMath1();
            // Chained comparisons (a < b < c) mean (a < b) and (b < c).
            var comparison = new BinaryExpression(op, left, right, at);
            result = result is null ? comparison : new BinaryExpression("and", result, comparison, at);
            left = right;
        }

        return result ?? left;
    }

    private Expression ParseMath1()
    {
        var left = ParseConcat();
        while (Current.Kind == TemplateTokenKind.Operator && Current.Value is "+" or "-")
        {
            var token = Next();
            left = new BinaryExpression(token.Value, left, ParseConcat(), token.Position);
        }

        return left;
    }

    private Expression ParseConcat()
    {
        var left = ParseMath2();
        while (Current.IsOperator("~"))
        {
            var token = Next();
            left = new BinaryExpression("~", left, ParseMath2(), token.Position);
        }

        return left;
    }

    private Expression ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TemplateTokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var token = Next();
            left = new BinaryExpression(token.Value, left, ParsePow(), token.Position);
        }

        return left;
    }

    private Expression ParsePow()
    {
        var left = ParseUnary();
        while (Current.IsOperator("**"))
        {
            var token = Next();
            left = new BinaryExpression("**", left, ParseUnary(), token.Position);
        }

        return left;
    }

    // As in Jinja, filters bind to the whole unary expression: -x|abs is (-x)|abs.
    private Expression ParseUnary(bool withFilters = true)
    {
        Expression node;
        if (Current.Kind == TemplateTokenKind.Operator && Current.Value is "-" or "+")
        {
            var token = Next();
            Enter();
            var operand = ParseUnary(withFilters: false);
            _depth--;
            node = new UnaryExpression(token.Value, operand, token.Position);
        }
        else
        {
            node = ParsePostfix(ParsePrimary());
        }

        return withFilters ? ParseFilterAndTests(node) : node;
    }

    private Expression ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TemplateTokenKind.Name:
                return token.Value switch
                {
                    "true" or "True" => new LiteralExpression(true, token.Position),
                    "false" or "False" => new LiteralExpression(false, token.Position),
                    "none" or "None" => new LiteralExpression(null, token.Position),
                    _ => new NameExpression(token.Value, token.Position),
                };
            case TemplateTokenKind.String:
                var text = token.Value;
                while (Current.Kind == TemplateTokenKind.String)
                {
                    text += Next().Value;
                }

                return new LiteralExpression(text, token.Position);
            case TemplateTokenKind.Integer:
                return new LiteralExpression(long.Parse(token.Value, CultureInfo.InvariantCulture), token.Position);
            case TemplateTokenKind.Float:
                return new LiteralExpression(double.Parse(token.Value, CultureInfo.InvariantCulture), token.Position);
            case TemplateTokenKind.Operator when token.Value == "(":
                return ParseParenthesised(token.Position);
            case TemplateTokenKind.Operator when token.Value == "[":
                return new ListExpression(ParseSequence("]"), token.Position);
            case TemplateTokenKind.Operator when token.Value == "{":
                return ParseDict(token.Position);
            default:
                throw token.Position.Error(TemplateErrorKind.Syntax, $"unexpected {token} in expression");
        }
    }

    private Expression ParseParenthesised(TemplateSourcePosition at)
    {
        if (TryOperator(")"))
        {
            return new ListExpression([], at, IsTuple: true);
        }

        var first = ParseExpression();
        if (TryOperator(")"))
        {
            return first;
        }

        var items = new List<Expression> { first };
        while (TryOperator(","))
        {
            if (Current.IsOperator(")"))
            {
                break;
            }

            items.Add(ParseExpression());
        }

        Expect(TemplateTokenKind.Operator, ")");
        return new ListExpression(items, at, IsTuple: true);
    }

    private List<Expression> ParseSequence(string closer)
    {
        var items = new List<Expression>();
        while (!TryOperator(closer))
        {
            if (items.Count > 0)
            {
                Expect(TemplateTokenKind.Operator, ",");
                if (TryOperator(closer))
                {
                    break;
                }
            }

            items.Add(ParseExpression());
        }

        return items;
    }

    private DictExpression ParseDict(TemplateSourcePosition at)
    {
        var pairs = new List<(Expression, Expression)>();
        while (!TryOperator("}"))
        {
            if (pairs.Count > 0)
            {
                Expect(TemplateTokenKind.Operator, ",");
                if (TryOperator("}"))
                {
                    break;
                }
            }

            var key = ParseExpression();
            Expect(TemplateTokenKind.Operator, ":");
            pairs.Add((key, ParseExpression()));
        }

        return new DictExpression(pairs, at);
    }

    private Expression ParsePostfix(Expression target)
    {
        while (true)
        {
            var token = Current;
            if (token.IsOperator("."))
            {
                _index++;
                var name = Current.Kind is TemplateTokenKind.Name or TemplateTokenKind.Integer
                    ? Next().Value
                    : throw Error("expected an attribute name after '.'");
                target = new AttributeExpression(target, name, token.Position);
            }
            else if (token.IsOperator("["))
            {
                _index++;
                target = ParseSubscript(target, token.Position);
            }
            else if (token.IsOperator("("))
            {
                target = new CallExpression(target, ParseArguments(), token.Position);
            }
            else
            {
                return target;
            }
        }
    }

    private Expression ParseSubscript(Expression target, TemplateSourcePosition at)
    {
        Expression? start = null;
        if (!Current.IsOperator(":"))
        {
            start = ParseExpression();
            if (TryOperator("]"))
            {
                return new IndexExpression(target, start, at);
            }
        }

        Expect(TemplateTokenKind.Operator, ":");
        Expression? stop = null;
        Expression? step = null;
        if (!Current.IsOperator("]") && !Current.IsOperator(":"))
        {
            stop = ParseExpression();
        }

        if (TryOperator(":") && !Current.IsOperator("]"))
        {
            step = ParseExpression();
        }

        Expect(TemplateTokenKind.Operator, "]");
        return new SliceExpression(target, start, stop, step, at);
    }

    private Arguments ParseArguments()
    {
        Expect(TemplateTokenKind.Operator, "(");
        var positional = new List<Expression>();
        var named = new List<(string, Expression)>();
        while (!TryOperator(")"))
        {
            if (positional.Count + named.Count > 0)
            {
                Expect(TemplateTokenKind.Operator, ",");
                if (TryOperator(")"))
                {
                    break;
                }
            }

            if (Current.Kind == TemplateTokenKind.Name && _tokens[_index + 1].IsOperator("="))
            {
                var name = Next().Value;
                _index++;
                named.Add((name, ParseExpression()));
            }
            else
            {
                positional.Add(ParseExpression());
            }
        }

        return new Arguments(positional, named);
    }

    private Expression ParseFilterAndTests(Expression node)
    {
        while (true)
        {
            var token = Current;
            if (token.IsOperator("|"))
            {
                _index++;
                var name = ExpectName();
                var arguments = Current.IsOperator("(") ? ParseArguments() : Arguments.None;
                node = new FilterExpression(node, name, arguments, token.Position);
            }
            else if (token.IsName("is"))
            {
                _index++;
                var negated = TryName("not");
                var name = ExpectName();
                Arguments arguments;
                if (Current.IsOperator("("))
                {
                    arguments = ParseArguments();
                }
                else if (StartsTestArgument(Current))
                {
                    arguments = new Arguments([ParsePostfix(ParsePrimary())], []);
                }
                else
                {
                    arguments = Arguments.None;
                }

                node = new TestExpression(node, name, arguments, negated, token.Position);
            }
            else if (token.IsOperator("("))
            {
                node = new CallExpression(node, ParseArguments(), token.Position);
            }
            else
            {
                return node;
            }
        }
    }

    // Jinja lets a test take one argument without parentheses: `x is divisibleby 3`, `x is sameas none`.
    private static bool StartsTestArgument(TemplateToken token) => token.Kind switch
    {
        TemplateTokenKind.String or TemplateTokenKind.Integer or TemplateTokenKind.Float => true,
        TemplateTokenKind.Name => token.Value is not ("else" or "or" or "and" or "if" or "is" or "not" or "in"),
        TemplateTokenKind.Operator => token.Value is "[" or "{",
        _ => false,
    };

    /// <summary>Placeholder for tags that render nothing (generation markers).</summary>
    private sealed record NoStatement() : Statement(default(TemplateSourcePosition))
    {
        public static NoStatement Instance { get; } = new();
    }
}
