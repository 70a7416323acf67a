namespace Deliberate.Engine.Templates;

/// <summary>Python arithmetic on template values: int/float promotion, true and floor division, Python modulo, string and list repetition.</summary>
internal static class TemplateArithmetic
{
    public static object? Apply(string op, object? left, object? right, TemplateSourcePosition at, int maxLength)
    {
        if (TemplateValues.IsNumeric(left) && TemplateValues.IsNumeric(right))
        {
            return Numeric(op, left, right, at);
        }

        switch (op)
        {
            case "%" when left is string format:
                return PercentFormat.Format(format, right, at, maxLength);
            case "+" when left is string a && right is string b:
                return Bounded(a.Length + (long)b.Length, maxLength, at) ? a + b : null;
            case "+" when left is List<object?> x && right is List<object?> y:
                Bounded(x.Count + (long)y.Count, maxLength, at);
                return new List<object?>([.. x, .. y]);
            case "*" when left is string s && right is long or bool:
                return Repeat(s, TemplateValues.ToLong(right), maxLength, at);
            case "*" when right is string s && left is long or bool:
                return Repeat(s, TemplateValues.ToLong(left), maxLength, at);
            case "*" when left is List<object?> list && right is long n:
                var count = Math.Max(0, n);
                Bounded(list.Count * count, maxLength, at);
                var result = new List<object?>();
                for (var i = 0; i < count; i++)
                {
                    result.AddRange(list);
                }

                return result;
        }

        throw at.Error(TemplateErrorKind.Runtime, $"unsupported operand types for {op}: '{TemplateValues.TypeName(left)}' and '{TemplateValues.TypeName(right)}'");
    }

    private static bool Bounded(long length, int maxLength, TemplateSourcePosition at) =>
        length <= maxLength ? true : throw new TemplateException(TemplateErrorKind.Limit, $"value longer than {maxLength}", at.Line, at.Column);

    private static string Repeat(string s, long times, int maxLength, TemplateSourcePosition at)
    {
        if (times <= 0 || s.Length == 0)
        {
            return "";
        }

        Bounded(s.Length * Math.Min(times, int.MaxValue), maxLength, at);
        return string.Concat(Enumerable.Repeat(s, (int)times));
    }

    private static object Numeric(string op, object? left, object? right, TemplateSourcePosition at)
    {
        var useDouble = left is double || right is double;
        if (op == "/")
        {
            var divisor = TemplateValues.ToDouble(right);
            return divisor == 0 ? throw at.Error(TemplateErrorKind.Runtime, "division by zero") : TemplateValues.ToDouble(left) / divisor;
        }

        if (useDouble)
        {
            var a = TemplateValues.ToDouble(left);
            var b = TemplateValues.ToDouble(right);
            return op switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "**" => Math.Pow(a, b),
                "//" => b == 0 ? throw at.Error(TemplateErrorKind.Runtime, "division by zero") : Math.Floor(a / b),
                "%" => b == 0 ? throw at.Error(TemplateErrorKind.Runtime, "modulo by zero") : a - (b * Math.Floor(a / b)),
                _ => throw at.Error(TemplateErrorKind.Runtime, $"unknown operator {op}"),
            };
        }

        var x = TemplateValues.ToLong(left);
        var y = TemplateValues.ToLong(right);
        try
        {
            return op switch
            {
                "+" => (object)checked(x + y),
                "-" => checked(x - y),
                "*" => checked(x * y),
                "**" => y < 0 ? Math.Pow(x, y) : IntegerPower(x, y),
                "//" => y == 0 ? throw at.Error(TemplateErrorKind.Runtime, "division by zero") : FloorDiv(x, y),
                "%" => y == 0 ? throw at.Error(TemplateErrorKind.Runtime, "modulo by zero") : x - (y * FloorDiv(x, y)),
                _ => throw at.Error(TemplateErrorKind.Runtime, $"unknown operator {op}"),
            };
        }
        catch (OverflowException)
        {
            throw at.Error(TemplateErrorKind.Runtime, "integer overflow");
        }
    }

    private static long FloorDiv(long x, long y)
    {
        var q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0)))
        {
            q--;
        }

        return q;
    }

    // Exponentiation by squaring, checked: a huge exponent overflows in a few steps instead of looping.
    private static object IntegerPower(long x, long y)
    {
        long result = 1;
        var b = x;
        while (y > 0)
        {
            if ((y & 1) != 0)
            {
                result = checked(result * b);
            }

            y >>= 1;
            if (y > 0)
            {
                b = checked(b * b);
            }
        }

        return result;
    }
}
