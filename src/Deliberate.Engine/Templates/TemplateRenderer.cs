using System.Diagnostics;
using System.Text;
using Deliberate.Engine.Templates.Ast;

namespace Deliberate.Engine.Templates;

/// <summary>
/// Executes a parsed template once. Holds the output buffer and the safety counters (loop iterations,
/// output size, macro depth) so that a hostile template ends in a <see cref="TemplateException"/>.
/// Expression evaluation lives in the <c>.Expressions</c> part.
/// </summary>
internal sealed partial class TemplateRenderer
{
    private readonly TemplateLimits _limits;
    private readonly IReadOnlyDictionary<string, object?> _globals;
    private readonly TimeProvider _time;
    private StringBuilder _output = new();
    private readonly long _deadline;
    private long _iterations;
    private long _written;
    private int _callDepth;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public TemplateRenderer(TemplateLimits limits, IReadOnlyDictionary<string, object?> globals, TimeProvider time)
    {
        _limits = limits;
        _globals = globals;
        _time = time;
        _deadline = Stopwatch.GetTimestamp() + (long)(limits.MaxRenderTime.TotalSeconds * Stopwatch.Frequency);
    }

    public string Render(IReadOnlyList<Statement> body, IReadOnlyDictionary<string, object?> variables)
    {
        var scope = new TemplateScope(null);
        foreach (var pair in variables)
        {
            scope.Set(pair.Key, TemplateValues.FromClr(pair.Value));
        }

        Execute(body, new TemplateScope(scope));
        return _output.ToString();
    }

    private void Write(string text, TemplateSourcePosition at)
    {
        _written += text.Length;
        if (_written > _limits.MaxOutputLength)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"template output exceeds {_limits.MaxOutputLength} characters", at.Line, at.Column);
        }

        _output.Append(text);
    }

    private string Capture(IReadOnlyList<Statement> body, TemplateScope scope)
    {
        var saved = _output;
        _output = new StringBuilder();
        try
        {
            Execute(body, scope);
            return _output.ToString();
        }
        finally
        {
            _output = saved;
        }
    }

    internal string RenderMacroBody(IReadOnlyList<Statement> body, TemplateScope scope, TemplateSourcePosition at)
    {
        if (++_callDepth > _limits.MaxCallDepth)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"macro calls nested deeper than {_limits.MaxCallDepth}", at.Line, at.Column);
        }

        CheckDeadline(at);

        try
        {
            return Capture(body, scope);
        }
        finally
        {
            _callDepth--;
        }
    }

    private Flow Execute(IReadOnlyList<Statement> body, TemplateScope scope)
    {
        foreach (var statement in body)
        {
            var flow = Execute(statement, scope);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow Execute(Statement statement, TemplateScope scope)
    {
        try
        {
            return ExecuteStatement(statement, scope);
        }
        catch (TemplateException e) when (e.Line == 0)
        {
            // Value-level failures (tojson depth, unserialisable values) get the statement's position.
            throw new TemplateException(e.Kind, e.Reason, statement.Position.Line, statement.Position.Column);
        }
    }

    private Flow ExecuteStatement(Statement statement, TemplateScope scope)
    {
        switch (statement)
        {
            case TextStatement text:
                Write(text.Text, text.Position);
                return Flow.Normal;
            case OutputStatement output:
                Write(TemplateValues.ToText(Evaluate(output.Value, scope)), output.Position);
                return Flow.Normal;
            case IfStatement ifStatement:
                foreach (var (condition, branch) in ifStatement.Branches)
                {
                    if (TemplateValues.IsTruthy(Evaluate(condition, scope)))
                    {
                        return Execute(branch, scope);
                    }
                }

                return ifStatement.Else is null ? Flow.Normal : Execute(ifStatement.Else, scope);
            case ForStatement forStatement:
                ExecuteFor(forStatement, scope);
                return Flow.Normal;
            case SetStatement set:
                ExecuteSet(set, scope);
                return Flow.Normal;
            case SetBlockStatement setBlock:
                scope.Set(setBlock.Target, Capture(setBlock.Body, new TemplateScope(scope)));
                return Flow.Normal;
            case MacroStatement macro:
                scope.Set(macro.Name, new TemplateMacro(macro.Name, macro.Parameters, macro.Body, this, scope));
                return Flow.Normal;
            case CallBlockStatement call:
                ExecuteCallBlock(call, scope);
                return Flow.Normal;
            case FilterBlockStatement filter:
                var captured = Capture(filter.Body, new TemplateScope(scope));
                var filtered = ApplyFilter(filter.Filter, captured, EvaluateArguments(filter.Arguments, scope), filter.Position, scope);
                Write(TemplateValues.ToText(filtered), filter.Position);
                return Flow.Normal;
            case LoopControlStatement control:
                return control.IsBreak ? Flow.Break : Flow.Continue;
            default:
                return Flow.Normal;
        }
    }

    private void ExecuteSet(SetStatement set, TemplateScope scope)
    {
        var value = Evaluate(set.Value, scope);
        if (set.Attribute is not null)
        {
            if (!scope.TryGet(set.Targets[0], out var target) || target is not TemplateNamespace ns)
            {
                throw set.Position.Error(TemplateErrorKind.Runtime, $"cannot assign attribute on '{set.Targets[0]}': only namespace() objects take attribute assignment");
            }

            ns.Attributes[set.Attribute] = value;
            return;
        }

        AssignTargets(set.Targets, value, scope, set.Position);
    }

    private static void AssignTargets(IReadOnlyList<string> targets, object? value, TemplateScope scope, TemplateSourcePosition at)
    {
        if (targets.Count == 1)
        {
            scope.Set(targets[0], value);
            return;
        }

        var items = TemplateValues.TryIterate(value);
        if (items is null || items.Count != targets.Count)
        {
            throw at.Error(TemplateErrorKind.Runtime, $"cannot unpack {TemplateValues.TypeName(value)} into {targets.Count} names");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            scope.Set(targets[i], items[i]);
        }
    }

    private void ExecuteFor(ForStatement loop, TemplateScope scope)
    {
        var iterable = Evaluate(loop.Iterable, scope);
        var items = TemplateValues.TryIterate(iterable)
            ?? throw loop.Position.Error(TemplateErrorKind.Runtime, $"'{TemplateValues.TypeName(iterable)}' object is not iterable");

        // Snapshot: the body may not change what it iterates (templates cannot mutate lists anyway).
        items = [.. items];
        if (loop.Filter is not null)
        {
            var kept = new List<object?>();
            foreach (var item in items)
            {
                var filterScope = new TemplateScope(scope);
                AssignTargets(loop.Targets, item, filterScope, loop.Position);
                CountIteration(loop.Position);
                if (TemplateValues.IsTruthy(Evaluate(loop.Filter, filterScope)))
                {
                    kept.Add(item);
                }
            }

            items = kept;
        }

        if (items.Count == 0)
        {
            if (loop.Else is not null)
            {
                Execute(loop.Else, new TemplateScope(scope));
            }

            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            CountIteration(loop.Position);
            var body = new TemplateScope(scope);
            AssignTargets(loop.Targets, items[i], body, loop.Position);
            body.Set("loop", MakeLoopObject(items, i));
            if (Execute(loop.Body, body) == Flow.Break)
            {
                break;
            }
        }
    }

    private void CountIteration(TemplateSourcePosition at)
    {
        if (++_iterations > _limits.MaxLoopIterations)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"template ran more than {_limits.MaxLoopIterations} loop iterations", at.Line, at.Column);
        }

        CheckDeadline(at);
    }

    private void CheckDeadline(TemplateSourcePosition at)
    {
        if (Stopwatch.GetTimestamp() > _deadline)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"template rendering took longer than {_limits.MaxRenderTime.TotalSeconds:0.###} s", at.Line, at.Column);
        }
    }

    private static TemplateDict MakeLoopObject(List<object?> items, int i)
    {
        var length = items.Count;
        return new TemplateDict()
        {
            ["index"] = (long)(i + 1),
            ["index0"] = (long)i,
            ["revindex"] = (long)(length - i),
            ["revindex0"] = (long)(length - i - 1),
            ["first"] = i == 0,
            ["last"] = i == length - 1,
            ["length"] = (long)length,
            ["depth"] = 1L,
            ["depth0"] = 0L,
            ["previtem"] = i > 0 ? items[i - 1] : new TemplateUndefined("previtem"),
            ["nextitem"] = i < length - 1 ? items[i + 1] : new TemplateUndefined("nextitem"),
            ["cycle"] = new TemplateFunction("cycle", (args, at) =>
                args.Positional.Count == 0 ? throw at.Error(TemplateErrorKind.Runtime, "loop.cycle needs at least one value") : args.Positional[i % args.Positional.Count]),
        };
    }

    private void ExecuteCallBlock(CallBlockStatement call, TemplateScope scope)
    {
        var callee = Evaluate(call.Call.Callee, scope);
        if (callee is not TemplateFunction function)
        {
            throw call.Position.Error(TemplateErrorKind.Runtime, $"'{TemplateValues.TypeName(callee)}' object is not callable");
        }

        var caller = new TemplateMacro("caller", call.CallerParameters, call.Body, this, scope);
        var arguments = EvaluateArguments(call.Call.Arguments, scope);
        var named = new List<KeyValuePair<string, object?>>(arguments.Named) { new("caller", caller) };
        var result = function.Invoke(new TemplateArguments(arguments.Positional, named), call.Position);
        Write(TemplateValues.ToText(result), call.Position);
    }
}
