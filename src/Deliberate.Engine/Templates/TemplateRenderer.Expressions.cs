using System.Text;
using Deliberate.Engine.Templates.Ast;

namespace Deliberate.Engine.Templates;

/// <summary>Expression evaluation: names, attribute/index/slice access, operators, calls.</summary>
internal sealed partial class TemplateRenderer
{
    public object? Evaluate(Expression expression, TemplateScope scope)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return literal.Value;
            case NameExpression name:
                return LookUp(name.Name, scope);
            case ListExpression list:
                var items = list.IsTuple ? new TemplateTuple() : new List<object?>(list.Items.Count);
                foreach (var item in list.Items)
                {
                    items.Add(Evaluate(item, scope));
                }

                return items;
            case DictExpression dict:
                var result = new TemplateDict();
                foreach (var (key, value) in dict.Pairs)
                {
                    var k = Evaluate(key, scope);
                    result[TemplateDict.IsValidKey(k) ? k! : throw key.Position.Error(TemplateErrorKind.Runtime, $"unhashable dict key type '{TemplateValues.TypeName(k)}'")] =
                        Evaluate(value, scope);
                }

                return result;
            case AttributeExpression attribute:
                return GetAttribute(Evaluate(attribute.Target, scope), attribute.Name);
            case IndexExpression index:
                return GetItem(Evaluate(index.Target, scope), Evaluate(index.Index, scope), index.Position);
            case SliceExpression slice:
                return Slice(
                    Evaluate(slice.Target, scope),
                    slice.Start is null ? null : Evaluate(slice.Start, scope),
                    slice.Stop is null ? null : Evaluate(slice.Stop, scope),
                    slice.Step is null ? null : Evaluate(slice.Step, scope),
                    slice.Position);
            case CallExpression call:
                return Call(Evaluate(call.Callee, scope), EvaluateArguments(call.Arguments, scope), call.Position, call.Callee);
            case FilterExpression filter:
                return ApplyFilter(filter.Name, Evaluate(filter.Input, scope), EvaluateArguments(filter.Arguments, scope), filter.Position, scope);
            case TestExpression test:
                var passed = ApplyTest(test.Name, Evaluate(test.Input, scope), EvaluateArguments(test.Arguments, scope), test.Position);
                return test.Negated ? !passed : passed;
            case UnaryExpression unary:
                return EvaluateUnary(unary, scope);
            case BinaryExpression binary:
                return EvaluateBinary(binary, scope);
            case ConditionalExpression conditional:
                if (TemplateValues.IsTruthy(Evaluate(conditional.Condition, scope)))
                {
                    return Evaluate(conditional.Then, scope);
                }

                return conditional.Otherwise is null ? new TemplateUndefined("else") : Evaluate(conditional.Otherwise, scope);
            default:
                throw expression.Position.Error(TemplateErrorKind.Runtime, "unsupported expression");
        }
    }

    private object? LookUp(string name, TemplateScope scope)
    {
        if (scope.TryGet(name, out var value))
        {
            return value;
        }

        if (_globals.TryGetValue(name, out value))
        {
            return TemplateValues.FromClr(value);
        }

        return BuiltinGlobal(name) ?? new TemplateUndefined(name);
    }

    private TemplateArguments EvaluateArguments(Arguments arguments, TemplateScope scope)
    {
        if (arguments.Positional.Count == 0 && arguments.Named.Count == 0)
        {
            return new TemplateArguments([], []);
        }

        var positional = new List<object?>(arguments.Positional.Count);
        foreach (var argument in arguments.Positional)
        {
            positional.Add(Evaluate(argument, scope));
        }

        var named = new List<KeyValuePair<string, object?>>(arguments.Named.Count);
        foreach (var (name, value) in arguments.Named)
        {
            named.Add(new(name, Evaluate(value, scope)));
        }

        return new TemplateArguments(positional, named);
    }

    private static object? Call(object? callee, TemplateArguments arguments, TemplateSourcePosition at, Expression calleeExpression)
    {
        if (callee is TemplateFunction function)
        {
            return function.Invoke(arguments, at);
        }

        var what = calleeExpression switch
        {
            NameExpression n => n.Name,
            AttributeExpression a => a.Name,
            _ => "value",
        };
        throw callee is TemplateUndefined
            ? at.Error(TemplateErrorKind.Runtime, $"'{what}' is undefined and cannot be called")
            : at.Error(TemplateErrorKind.Runtime, $"'{what}' ({TemplateValues.TypeName(callee)}) is not callable");
    }

    // Jinja's getattr: Python attributes (methods) first, then items.
    private object? GetAttribute(object? target, string name)
    {
        switch (target)
        {
            case TemplateDict dict:
                return (object?)BindMethod(target, name) ?? (dict.TryGetValue(name, out var value) ? value : new TemplateUndefined(name));
            case TemplateNamespace ns:
                return ns.Attributes.TryGetValue(name, out var attribute) ? attribute : new TemplateUndefined(name);
            case string or List<object?>:
                if (BindMethod(target, name) is { } method)
                {
                    return method;
                }

                return long.TryParse(name, out var index) ? GetItem(target, index, default) : new TemplateUndefined(name);
            default:
                return new TemplateUndefined(name);
        }
    }

    // Jinja's getitem: items first, then attributes.
    private object? GetItem(object? target, object? key, TemplateSourcePosition at)
    {
        switch (target)
        {
            case TemplateDict dict:
                if (TemplateDict.IsValidKey(key) && dict.TryGetValue(key!, out var value))
                {
                    return value;
                }

                return key is string s ? (object?)BindMethod(target, s) ?? new TemplateUndefined(s) : new TemplateUndefined(TemplateValues.ToText(key));
            case TemplateNamespace ns:
                return key is string name && ns.Attributes.TryGetValue(name, out var attribute) ? attribute : new TemplateUndefined(TemplateValues.ToText(key));
            case List<object?> list when key is long or bool:
                var i = TemplateValues.ToLong(key);
                if (i < 0)
                {
                    i += list.Count;
                }

                return i >= 0 && i < list.Count ? list[(int)i] : new TemplateUndefined($"[{key}]");
            case string str when key is long or bool:
                var j = TemplateValues.ToLong(key);
                if (j < 0)
                {
                    j += str.Length;
                }

                return j >= 0 && j < str.Length ? str[(int)j].ToString() : new TemplateUndefined($"[{key}]");
            case List<object?> or string when key is string attributeName:
                return GetAttribute(target, attributeName);
            case TemplateUndefined:
                return new TemplateUndefined(TemplateValues.ToText(key));
            case null:
                throw at.Error(TemplateErrorKind.Runtime, $"'NoneType' object is not subscriptable (key {TemplateValues.Repr(key)})");
            default:
                return new TemplateUndefined(TemplateValues.ToText(key));
        }
    }

    private static object? Slice(object? target, object? start, object? stop, object? step, TemplateSourcePosition at)
    {
        var stepValue = step is null ? 1 : TemplateValues.ToLong(step);
        if (stepValue == 0)
        {
            throw at.Error(TemplateErrorKind.Runtime, "slice step cannot be zero");
        }

        int length;
        switch (target)
        {
            case List<object?> list:
                length = list.Count;
                break;
            case string s:
                length = s.Length;
                break;
            case TemplateUndefined:
                return target;
            default:
                throw at.Error(TemplateErrorKind.Runtime, $"'{TemplateValues.TypeName(target)}' object cannot be sliced");
        }

        var indices = SliceIndices(length, start, stop, stepValue);
        if (target is string text)
        {
            var sb = new StringBuilder();
            foreach (var index in indices)
            {
                sb.Append(text[index]);
            }

            return sb.ToString();
        }

        var source = (List<object?>)target;
        var result = new List<object?>();
        foreach (var index in indices)
        {
            result.Add(source[index]);
        }

        return result;
    }

    // Python's slice.indices semantics, including negative bounds and steps.
    private static IEnumerable<int> SliceIndices(int length, object? start, object? stop, long step)
    {
        long lo, hi;
        if (step > 0)
        {
            lo = start is null or TemplateUndefined ? 0 : Clamp(TemplateValues.ToLong(start), length, 0, length);
            hi = stop is null or TemplateUndefined ? length : Clamp(TemplateValues.ToLong(stop), length, 0, length);
            for (var i = lo; i < hi; i += step)
            {
                yield return (int)i;
            }
        }
        else
        {
            lo = start is null or TemplateUndefined ? length - 1 : Clamp(TemplateValues.ToLong(start), length, -1, length - 1);
            hi = stop is null or TemplateUndefined ? -1 : Clamp(TemplateValues.ToLong(stop), length, -1, length - 1);
            for (var i = lo; i > hi; i += step)
            {
                yield return (int)i;
            }
        }
    }

    private static long Clamp(long index, int length, long min, long max)
    {
        if (index < 0)
        {
            index += length;
        }

        return Math.Clamp(index, min, max);
    }

    private object? EvaluateUnary(UnaryExpression unary, TemplateScope scope)
    {
        var operand = Evaluate(unary.Operand, scope);
        return unary.Operator switch
        {
            "not" => !TemplateValues.IsTruthy(operand),
            "-" => operand switch
            {
                long l => (object)(-l),
                double d => (object)(-d),
                bool b => (object)(b ? -1L : 0L),
                _ => throw unary.Position.Error(TemplateErrorKind.Runtime, $"bad operand type for unary -: '{TemplateValues.TypeName(operand)}'"),
            },
            _ => TemplateValues.IsNumeric(operand) ? operand : throw unary.Position.Error(TemplateErrorKind.Runtime, $"bad operand type for unary +: '{TemplateValues.TypeName(operand)}'"),
        };
    }

    private object? EvaluateBinary(BinaryExpression binary, TemplateScope scope)
    {
        var at = binary.Position;
        var left = Evaluate(binary.Left, scope);
        switch (binary.Operator)
        {
            case "and":
                return TemplateValues.IsTruthy(left) ? Evaluate(binary.Right, scope) : left;
            case "or":
                return TemplateValues.IsTruthy(left) ? left : Evaluate(binary.Right, scope);
        }

        var right = Evaluate(binary.Right, scope);
        switch (binary.Operator)
        {
            case "==":
                return TemplateValues.AreEqual(left, right);
            case "!=":
                return !TemplateValues.AreEqual(left, right);
            case "<" or ">" or "<=" or ">=":
                var order = TemplateValues.Compare(left, right)
                    ?? throw at.Error(TemplateErrorKind.Runtime, $"'{binary.Operator}' not supported between '{TemplateValues.TypeName(left)}' and '{TemplateValues.TypeName(right)}'");
                return binary.Operator switch { "<" => order < 0, ">" => order > 0, "<=" => order <= 0, _ => order >= 0 };
            case "in":
                return Contains(right, left, at);
            case "not in":
                return !Contains(right, left, at);
            case "~":
                return CheckLength(TemplateValues.ToText(left) + TemplateValues.ToText(right), at);
            default:
                return TemplateArithmetic.Apply(binary.Operator, left, right, at, _limits.MaxOutputLength);
        }
    }

    private string CheckLength(string value, TemplateSourcePosition at) =>
        value.Length > _limits.MaxOutputLength
            ? throw new TemplateException(TemplateErrorKind.Limit, $"string longer than {_limits.MaxOutputLength} characters", at.Line, at.Column)
            : value;

    private static bool Contains(object? container, object? item, TemplateSourcePosition at)
    {
        switch (container)
        {
            case string s:
                return item is string sub
                    ? s.Contains(sub, StringComparison.Ordinal)
                    : throw at.Error(TemplateErrorKind.Runtime, $"'in <string>' requires string as left operand, not {TemplateValues.TypeName(item)}");
            case List<object?> list:
                foreach (var element in list)
                {
                    if (TemplateValues.AreEqual(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case TemplateDict dict:
                return TemplateDict.IsValidKey(item) && dict.ContainsKey(item!);
            case TemplateNamespace ns:
                return item is string name && ns.Attributes.ContainsKey(name);
            case TemplateUndefined:
                return false;
            default:
                throw at.Error(TemplateErrorKind.Runtime, $"argument of type '{TemplateValues.TypeName(container)}' is not iterable");
        }
    }
}
