using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Deliberate.Engine.Templates;

/// <summary>
/// JSON in and out of the template value model. <c>Serialize</c> matches Python's
/// <c>json.dumps(x, ensure_ascii=False, indent=indent)</c> as transformers' <c>tojson</c> filter calls it:
/// separators <c>", "</c> and <c>": "</c> (<c>","</c> and newlines when indenting), key order preserved,
/// non-ASCII text left as is, floats printed like Python. Tool schemas reach the prompt through it,
/// so a single byte of difference changes what the model sees.
/// </summary>
public static class TemplateJson
{
    private const int MaxDepth = 256;

    /// <summary><c>json.dumps(value, ensure_ascii=False, indent=indent)</c>; indent 0 still breaks lines, as in Python.</summary>
    public static string Serialize(object? value, int? indent = null) =>
        Serialize(value, new TemplateJsonOptions { Indent = indent is null ? null : new string(' ', Math.Clamp(indent.Value, 0, 64)) });

    /// <summary><c>json.dumps</c> with the options transformers' <c>tojson</c> exposes.</summary>
    public static string Serialize(object? value, TemplateJsonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sb = new StringBuilder();
        Write(sb, value, options, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, TemplateJsonOptions options, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new TemplateException(TemplateErrorKind.Limit, "value nested too deeply for tojson", 0, 0);
        }

        switch (value)
        {
            case null:
            case TemplateUndefined:
                // Python would refuse undefined; @huggingface/jinja writes null. Null is the kinder choice for a server.
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(double.IsFinite(d) ? PythonFloat.Format(d) : double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                break;
            case string s:
                WriteString(sb, s, options.EnsureAscii);
                break;
            case List<object?> list:
                WriteContainer(sb, '[', ']', list.Count, options, depth, i => Write(sb, list[i], options, depth + 1));
                break;
            case TemplateDict dict:
                WriteDict(sb, [.. dict], options, depth);
                break;
            case TemplateNamespace ns:
                WriteDict(sb, [.. ns.Attributes.Select(p => new KeyValuePair<object, object?>(p.Key, p.Value))], options, depth);
                break;
            default:
                throw new TemplateException(TemplateErrorKind.Runtime, $"object of type {TemplateValues.TypeName(value)} is not JSON serializable", 0, 0);
        }
    }

    private static void WriteDict(StringBuilder sb, List<KeyValuePair<object, object?>> pairs, TemplateJsonOptions options, int depth)
    {
        if (options.SortKeys)
        {
            var ordered = pairs.Select((pair, index) => (pair, index)).ToArray();
            Array.Sort(ordered, (a, b) =>
            {
                var order = TemplateValues.Compare(a.pair.Key, b.pair.Key)
                    ?? throw new TemplateException(TemplateErrorKind.Runtime, "tojson(sort_keys=true) needs keys of one type", 0, 0);
                return order != 0 ? order : a.index.CompareTo(b.index);
            });
            pairs = [.. ordered.Select(o => o.pair)];
        }

        WriteContainer(sb, '{', '}', pairs.Count, options, depth, i =>
        {
            var pair = pairs[i];
            // json.dumps turns non-string keys into strings: 1 -> "1", 2.5 -> "2.5", True -> "true".
            WriteString(sb, pair.Key switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                double d => PythonFloat.Format(d),
                _ => TemplateValues.ToText(pair.Key),
            }, options.EnsureAscii);
            sb.Append(options.KeySeparator);
            Write(sb, pair.Value, options, depth + 1);
        });
    }

    private static void WriteContainer(StringBuilder sb, char open, char close, int count, TemplateJsonOptions options, int depth, Action<int> writeItem)
    {
        var indent = options.Indent;
        sb.Append(open);
        if (count == 0)
        {
            sb.Append(close);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(options.ItemSeparator);
            }

            if (indent is not null)
            {
                sb.Append('\n').Insert(sb.Length, indent, depth + 1);
            }

            writeItem(i);
        }

        if (indent is not null)
        {
            sb.Append('\n').Insert(sb.Length, indent, depth);
        }

        sb.Append(close);
    }

    // Python's py_encode_basestring: escape '"', '\\' and control characters only (and, with
    // ensure_ascii, everything above 0x7E as \uXXXX, surrogate pairs as two escapes).
    private static void WriteString(StringBuilder sb, string s, bool ensureAscii)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7E))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Converts parsed JSON to template values: objects keep key order, integers become long, other numbers double.</summary>
    public static object? FromJson(JsonElement element, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new TemplateException(TemplateErrorKind.Limit, "JSON nested too deeply", 0, 0);
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new TemplateDict();
                foreach (var property in element.EnumerateObject())
                {
                    dict[property.Name] = FromJson(property.Value, depth + 1);
                }

                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJson(item, depth + 1));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.IndexOfAny(['.', 'e', 'E']) < 0 && element.TryGetInt64(out var l))
                {
                    return l;
                }

                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>Parses JSON text to template values.</summary>
    public static object? Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return FromJson(document.RootElement);
    }
}
