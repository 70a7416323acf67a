using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Deliberate.Engine.Templates;

/// <summary>
/// JSON in and out of the template value model. <see cref="Serialize"/> matches Python's
/// <c>json.dumps(x, ensure_ascii=False, indent=indent)</c> as transformers' <c>tojson</c> filter calls it:
/// separators <c>", "</c> and <c>": "</c> (<c>","</c> and newlines when indenting), key order preserved,
/// non-ASCII text left as is, floats printed like Python. Tool schemas reach the prompt through it,
/// so a single byte of difference changes what the model sees.
/// </summary>
public static class TemplateJson
{
    private const int MaxDepth = 256;

    public static string Serialize(object? value, int? indent = null)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent is > 0 ? indent : null, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, int? indent, int depth)
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
                WriteString(sb, s);
                break;
            case List<object?> list:
                WriteContainer(sb, '[', ']', list.Count, indent, depth, i => Write(sb, list[i], indent, depth + 1));
                break;
            case TemplateDict dict:
                WriteDict(sb, [.. dict], indent, depth);
                break;
            case TemplateNamespace ns:
                WriteDict(sb, [.. ns.Attributes.Select(p => new KeyValuePair<object, object?>(p.Key, p.Value))], indent, depth);
                break;
            default:
                throw new TemplateException(TemplateErrorKind.Runtime, $"object of type {TemplateValues.TypeName(value)} is not JSON serializable", 0, 0);
        }
    }

    private static void WriteDict(StringBuilder sb, List<KeyValuePair<object, object?>> pairs, int? indent, int depth)
    {
        WriteContainer(sb, '{', '}', pairs.Count, indent, depth, i =>
        {
            var pair = pairs[i];
            // json.dumps turns non-string keys into strings: 1 -> "1", 2.5 -> "2.5", True -> "true".
            WriteString(sb, pair.Key switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                double d => PythonFloat.Format(d),
                _ => TemplateValues.ToText(pair.Key),
            });
            sb.Append(": ");
            Write(sb, pair.Value, indent, depth + 1);
        });
    }

    private static void WriteContainer(StringBuilder sb, char open, char close, int count, int? indent, int depth, Action<int> writeItem)
    {
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
                sb.Append(indent is null ? ", " : ",");
            }

            if (indent is { } n)
            {
                sb.Append('\n').Append(' ', n * (depth + 1));
            }

            writeItem(i);
        }

        if (indent is { } m)
        {
            sb.Append('\n').Append(' ', m * depth);
        }

        sb.Append(close);
    }

    // Python's py_encode_basestring: escape '"', '\\' and control characters only.
    private static void WriteString(StringBuilder sb, string s)
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
                    if (c < 0x20)
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
