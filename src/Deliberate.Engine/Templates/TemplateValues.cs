using System.Collections;
using System.Globalization;
using System.Text;

namespace Deliberate.Engine.Templates;

/// <summary>
/// The template value model and its Python semantics. A value is a plain CLR object:
/// <c>null</c> (none), <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="List{T}"/> of values (list and tuple), <see cref="OrderedDictionary{TKey,TValue}"/> with
/// string keys (dict, insertion order kept), <see cref="TemplateNamespace"/>, <see cref="TemplateFunction"/>
/// (callables and macros) and <see cref="TemplateUndefined"/>.
/// </summary>
public static class TemplateValues
{
    /// <summary>Python truthiness: none, undefined, false, 0, 0.0 and empty strings/lists/dicts are false.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        TemplateUndefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        TemplateDict dict => dict.Count > 0,
        _ => true,
    };

    /// <summary>The type name Python would report, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        TemplateUndefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        TemplateDict => "dict",
        TemplateNamespace => "Namespace",
        TemplateFunction => "function",
        _ => value.GetType().Name,
    };

    /// <summary>Python <c>str(value)</c>, which is what <c>{{ value }}</c> prints (undefined prints nothing).</summary>
    public static string ToText(object? value) => value switch
    {
        string s => s,
        TemplateUndefined => "",
        _ => Repr(value),
    };

    /// <summary>Python <c>repr(value)</c>: how values print inside lists and dicts.</summary>
    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value, 0);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? value, int depth)
    {
        if (depth > 256)
        {
            throw new TemplateException(TemplateErrorKind.Limit, "value nested too deeply to print", 0, 0);
        }

        switch (value)
        {
            case null:
                sb.Append("None");
                break;
            case TemplateUndefined:
                break;
            case bool b:
                sb.Append(b ? "True" : "False");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(PythonFloat.Format(d));
                break;
            case string s:
                AppendStringRepr(sb, s);
                break;
            case List<object?> list:
                var isTuple = list is TemplateTuple;
                sb.Append(isTuple ? '(' : '[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    AppendRepr(sb, list[i], depth + 1);
                }

                sb.Append(isTuple ? (list.Count == 1 ? ",)" : ")") : "]");
                break;
            case TemplateDict dict:
                sb.Append('{');
                var first = true;
                foreach (var pair in dict)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    AppendRepr(sb, pair.Key, depth + 1);
                    sb.Append(": ");
                    AppendRepr(sb, pair.Value, depth + 1);
                }

                sb.Append('}');
                break;
            case TemplateNamespace ns:
                sb.Append("<Namespace {");
                var firstAttribute = true;
                foreach (var pair in ns.Attributes)
                {
                    if (!firstAttribute)
                    {
                        sb.Append(", ");
                    }

                    firstAttribute = false;
                    AppendStringRepr(sb, pair.Key);
                    sb.Append(": ");
                    AppendRepr(sb, pair.Value, depth + 1);
                }

                sb.Append("}>");
                break;
            default:
                sb.Append(value);
                break;
        }
    }

    private static void AppendStringRepr(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        sb.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append(quote);
    }

    /// <summary>Python <c>==</c>: numbers by value (bools count as 0/1), strings ordinally, containers element-wise.</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (IsNumeric(a) && IsNumeric(b))
        {
            if (a is double || b is double)
            {
                return ToDouble(a) == ToDouble(b);
            }

            return ToLong(a) == ToLong(b);
        }

        switch (a)
        {
            case null:
                return b is null;
            case TemplateUndefined:
                return b is TemplateUndefined;
            case string s:
                return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case List<object?> x when b is List<object?> y:
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!AreEqual(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            case TemplateDict x when b is TemplateDict y:
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (var pair in x)
                {
                    if (!y.TryGetValue(pair.Key, out var other) || !AreEqual(pair.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return ReferenceEquals(a, b);
        }
    }

    /// <summary>Python ordering for numbers, strings (by code point) and lists; null when the types do not order.</summary>
    public static int? Compare(object? a, object? b)
    {
        if (IsNumeric(a) && IsNumeric(b))
        {
            return a is double || b is double ? ToDouble(a).CompareTo(ToDouble(b)) : ToLong(a).CompareTo(ToLong(b));
        }

        if (a is string s && b is string t)
        {
            return Math.Sign(string.CompareOrdinal(s, t));
        }

        if (a is List<object?> x && b is List<object?> y)
        {
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                if (!AreEqual(x[i], y[i]))
                {
                    return Compare(x[i], y[i]);
                }
            }

            return x.Count.CompareTo(y.Count);
        }

        return null;
    }

    public static bool IsNumeric(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => 0,
    };

    public static long ToLong(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        bool b => b ? 1 : 0,
        _ => 0,
    };

    /// <summary>Materialises an iterable value as a list: lists as they are, dicts as keys, strings as characters, undefined as empty.</summary>
    public static List<object?>? TryIterate(object? value)
    {
        switch (value)
        {
            case List<object?> list:
                return list;
            case TemplateDict dict:
                return [.. dict.Keys];
            case string s:
                var chars = new List<object?>(s.Length);
                var e = StringInfoEnumerator(s);
                chars.AddRange(e);
                return chars;
            case TemplateUndefined:
                return [];
            case TemplateNamespace ns:
                return [.. ns.Attributes.Keys];
            default:
                return null;
        }
    }

    // Python iterates strings by code point; keep surrogate pairs together.
    private static IEnumerable<object?> StringInfoEnumerator(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                yield return s.Substring(i, 2);
                i++;
            }
            else
            {
                yield return s[i].ToString();
            }
        }
    }

    /// <summary>Converts a CLR value (primitives, strings, dictionaries, lists, JSON elements) to a template value.</summary>
    public static object? FromClr(object? value) => value switch
    {
        null => null,
        string or long or double or bool or TemplateUndefined or TemplateNamespace or TemplateFunction => value,
        List<object?> or TemplateDict => value,
        int i => (long)i,
        uint u => (long)u,
        short s => (long)s,
        byte b => (long)b,
        float f => (double)f,
        decimal m => (double)m,
        System.Text.Json.JsonElement json => TemplateJson.FromJson(json),
        IEnumerable<KeyValuePair<string, object?>> pairs => ToDict(pairs),
        IEnumerable items when value is not string => ToList(items),
        _ => value.ToString(),
    };

    private static TemplateDict ToDict(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var dict = new TemplateDict();
        foreach (var pair in pairs)
        {
            dict[pair.Key] = FromClr(pair.Value);
        }

        return dict;
    }

    private static List<object?> ToList(IEnumerable items)
    {
        var list = new List<object?>();
        foreach (var item in items)
        {
            list.Add(FromClr(item));
        }

        return list;
    }
}
