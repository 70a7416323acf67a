using System.Globalization;
using System.Text;

namespace Deliberate.Engine.Templates;

/// <summary>The Jinja filters chat templates use (<c>value | name(args)</c>).</summary>
internal sealed partial class TemplateRenderer
{
    private object? ApplyFilter(string name, object? value, TemplateArguments args, TemplateSourcePosition at, TemplateScope scope)
    {
        switch (name)
        {
            case "tojson":
                return TemplateJson.Serialize(value, JsonOptions(args));
            case "length":
            case "count":
                return Length(value, at);
            case "string":
                return TemplateValues.ToText(value);
            case "safe":
                return value;
            case "e":
            case "escape":
                return HtmlEscape(TemplateValues.ToText(value));
            case "trim":
                var chars = args.Get(0, "chars");
                return chars is string c ? StringInput(value, name, at).Trim(c.ToCharArray()) : StringInput(value, name, at).Trim();
            case "upper":
                return StringInput(value, name, at).ToUpperInvariant();
            case "lower":
                return StringInput(value, name, at).ToLowerInvariant();
            case "capitalize":
                return TemplateStrings.Capitalize(StringInput(value, name, at));
            case "title":
                return TemplateStrings.JinjaTitle(StringInput(value, name, at));
            case "replace":
                var count = args.Get(2, "count");
                return TemplateStrings.Replace(
                    StringInput(value, name, at), TemplateValues.ToText(args.Get(0, "old")), TemplateValues.ToText(args.Get(1, "new")),
                    count is long n ? n : -1, _limits.MaxOutputLength, at);
            case "default":
            case "d":
                var useBoolean = TemplateValues.IsTruthy(args.Get(1, "boolean", false));
                var isMissing = useBoolean ? !TemplateValues.IsTruthy(value) : value is TemplateUndefined;
                return isMissing ? args.Get(0, "default_value", "") : value;
            case "first":
                var firstItems = Iterate(value, at);
                return firstItems.Count > 0 ? firstItems[0] : new TemplateUndefined("first");
            case "last":
                var lastItems = Iterate(value, at);
                return lastItems.Count > 0 ? lastItems[^1] : new TemplateUndefined("last");
            case "list":
                return new List<object?>(Iterate(value, at));
            case "items":
                return value switch
                {
                    TemplateDict dict => DictItems(dict),
                    TemplateUndefined => new List<object?>(),
                    _ => throw at.Error(TemplateErrorKind.Runtime, $"items filter needs a mapping, got {TemplateValues.TypeName(value)}"),
                };
            case "join":
                return Join(value, args, at);
            case "int":
                return ToInt(value, args.Get(0, "default", 0L));
            case "float":
                return ToFloat(value, args.Get(0, "default", 0.0));
            case "abs":
                return value switch
                {
                    long l => (object)Math.Abs(l),
                    double d => (object)Math.Abs(d),
                    _ => throw at.Error(TemplateErrorKind.Runtime, $"abs needs a number, got {TemplateValues.TypeName(value)}"),
                };
            case "round":
                var precision = (int)TemplateValues.ToLong(args.Get(0, "precision", 0L));
                var method = TemplateValues.ToText(args.Get(1, "method", "common"));
                var number = TemplateValues.ToDouble(value);
                var factor = Math.Pow(10, precision);
                if (value is long whole && method == "common" && precision >= 0)
                {
                    return whole; // Python's round(int, n) stays an int
                }

                return method switch
                {
                    "ceil" => Math.Ceiling(number * factor) / factor,
                    "floor" => Math.Floor(number * factor) / factor,
                    // Python's round() rounds halves to even (on the binary value).
                    _ => Math.Round(number, Math.Clamp(precision, 0, 15), MidpointRounding.ToEven),
                };
            case "map":
                return Map(value, args, at, scope);
            case "selectattr":
            case "rejectattr":
                return Select(value, args, at, name == "selectattr", byAttribute: true);
            case "select":
            case "reject":
                return Select(value, args, at, name == "select", byAttribute: false);
            case "unique":
                var uniqueCaseSensitive = TemplateValues.IsTruthy(args.Get(0, "case_sensitive", false));
                var uniqueAttribute = args.Get(1, "attribute") as string;
                var unique = new List<object?>();
                var seen = new List<object?>();
                foreach (var item in Iterate(value, at))
                {
                    var key = SortKey(uniqueAttribute is null ? item : GetAttributePath(item, uniqueAttribute), uniqueCaseSensitive);
                    if (!seen.Exists(u => TemplateValues.AreEqual(u, key)))
                    {
                        seen.Add(key);
                        unique.Add(item);
                    }
                }

                return unique;
            case "dictsort":
                if (value is not TemplateDict toSort)
                {
                    throw at.Error(TemplateErrorKind.Runtime, "dictsort needs a mapping");
                }

                var dictCaseSensitive = TemplateValues.IsTruthy(args.Get(0, "case_sensitive", false));
                var byValue = TemplateValues.ToText(args.Get(1, "by", "key")) == "value";
                return StableSort(DictItems(toSort), pair => SortKey(((List<object?>)pair!)[byValue ? 1 : 0], dictCaseSensitive),
                    TemplateValues.IsTruthy(args.Get(2, "reverse", false)), at);
            case "sort":
                var sortCaseSensitive = TemplateValues.IsTruthy(args.Get(1, "case_sensitive", false));
                var sortAttribute = args.Get(2, "attribute") as string;
                return StableSort(Iterate(value, at), item => SortKey(sortAttribute is null ? item : GetAttributePath(item, sortAttribute), sortCaseSensitive),
                    TemplateValues.IsTruthy(args.Get(0, "reverse", false)), at);
            case "reverse":
                if (value is string toReverse)
                {
                    var reversed = toReverse.ToCharArray();
                    Array.Reverse(reversed);
                    return new string(reversed);
                }

                var reversedList = new List<object?>(Iterate(value, at));
                reversedList.Reverse();
                return reversedList;
            case "min":
            case "max":
                var candidates = Iterate(value, at);
                if (candidates.Count == 0)
                {
                    return new TemplateUndefined(name);
                }

                var extremeCaseSensitive = TemplateValues.IsTruthy(args.Get(0, "case_sensitive", false));
                var best = candidates[0];
                foreach (var candidate in candidates)
                {
                    var order = CompareForSort(SortKey(candidate, extremeCaseSensitive), SortKey(best, extremeCaseSensitive), at);
                    if (name == "min" ? order < 0 : order > 0)
                    {
                        best = candidate;
                    }
                }

                return best;
            case "sum":
                object? total = args.Get(1, "start", 0L);
                var sumAttribute = args.Get(0, "attribute");
                foreach (var item in Iterate(value, at))
                {
                    total = TemplateArithmetic.Apply("+", total, sumAttribute is string a ? GetAttributePath(item, a) : item, at, _limits.MaxOutputLength);
                }

                return total;
            case "indent":
                return Indent(TemplateValues.ToText(value), args);
            case "wordcount":
                return (long)TemplateValues.ToText(value).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            case "batch":
                var size = (int)Math.Max(1, TemplateValues.ToLong(args.Get(0, "linecount", 1L)));
                var batches = new List<object?>();
                List<object?>? current = null;
                foreach (var item in Iterate(value, at))
                {
                    if (current is null || current.Count == size)
                    {
                        current = [];
                        batches.Add(current);
                    }

                    current.Add(item);
                }

                return batches;
            default:
                throw at.Error(TemplateErrorKind.Runtime, $"unknown filter '{name}'");
        }
    }

    // Python's string filters would print none as "None"; like @huggingface/jinja we refuse none, which is what
    // lets ChatTemplate detect templates that need "" for tool-call turns without content.
    private static string StringInput(object? value, string filter, TemplateSourcePosition at) =>
        value is null ? throw at.Error(TemplateErrorKind.Runtime, $"filter '{filter}' cannot be applied to none") : TemplateValues.ToText(value);

    // transformers' tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False).
    private static TemplateJsonOptions JsonOptions(TemplateArguments args)
    {
        var indent = args.Get(1, "indent");
        var separators = args.Get(2, "separators") as List<object?>;
        return new TemplateJsonOptions
        {
            EnsureAscii = TemplateValues.IsTruthy(args.Get(0, "ensure_ascii", false)),
            Indent = indent switch
            {
                null or TemplateUndefined => null,
                string text => text,
                _ => new string(' ', (int)Math.Clamp(TemplateValues.ToLong(indent), 0, 64)),
            },
            ItemSeparatorOverride = separators is { Count: 2 } ? TemplateValues.ToText(separators[0]) : null,
            KeySeparatorOverride = separators is { Count: 2 } ? TemplateValues.ToText(separators[1]) : null,
            SortKeys = TemplateValues.IsTruthy(args.Get(3, "sort_keys", false)),
        };
    }

    private static List<object?> Iterate(object? value, TemplateSourcePosition at) =>
        TemplateValues.TryIterate(value) ?? throw at.Error(TemplateErrorKind.Runtime, $"'{TemplateValues.TypeName(value)}' object is not iterable");

    private static long Length(object? value, TemplateSourcePosition at) => value switch
    {
        string s => s.Length,
        List<object?> list => list.Count,
        TemplateDict dict => dict.Count,
        TemplateNamespace ns => ns.Attributes.Count,
        TemplateUndefined => 0,
        _ => throw at.Error(TemplateErrorKind.Runtime, $"object of type '{TemplateValues.TypeName(value)}' has no len()"),
    };

    internal static List<object?> DictItems(TemplateDict dict)
    {
        var items = new List<object?>(dict.Count);
        foreach (var pair in dict)
        {
            items.Add(new TemplateTuple { pair.Key, pair.Value });
        }

        return items;
    }

    // Jinja compares strings case-insensitively unless case_sensitive=true.
    private static object? SortKey(object? value, bool caseSensitive) =>
        !caseSensitive && value is string s ? s.ToLowerInvariant() : value;

    private static int CompareForSort(object? a, object? b, TemplateSourcePosition at) =>
        TemplateValues.Compare(a, b)
            ?? throw at.Error(TemplateErrorKind.Runtime, $"cannot order '{TemplateValues.TypeName(a)}' and '{TemplateValues.TypeName(b)}'");

    // Python's sorted(): stable, and reverse=True keeps equal items in their original order.
    private static List<object?> StableSort(List<object?> items, Func<object?, object?> key, bool reverse, TemplateSourcePosition at)
    {
        var keyed = items.Select((item, index) => (Item: item, Key: key(item), Index: index)).ToArray();
        Array.Sort(keyed, (a, b) =>
        {
            var order = CompareForSort(a.Key, b.Key, at);
            return order != 0 ? (reverse ? -order : order) : a.Index.CompareTo(b.Index);
        });
        return keyed.Select(k => k.Item).ToList();
    }

    private object? GetAttributePath(object? item, string path)
    {
        foreach (var part in path.Split('.'))
        {
            item = long.TryParse(part, out var index) ? GetItem(item, index, default) : GetItem(item, part, default);
        }

        return item;
    }

    private string Join(object? value, TemplateArguments args, TemplateSourcePosition at)
    {
        var separator = TemplateValues.ToText(args.Get(0, "d", ""));
        var attribute = args.Get(1, "attribute");
        var sb = new StringBuilder();
        var first = true;
        foreach (var item in Iterate(value, at))
        {
            if (!first)
            {
                sb.Append(separator);
            }

            first = false;
            sb.Append(TemplateValues.ToText(attribute is string a ? GetAttributePath(item, a) : item));
            if (sb.Length > _limits.MaxOutputLength)
            {
                throw new TemplateException(TemplateErrorKind.Limit, "joined string too long", at.Line, at.Column);
            }
        }

        return sb.ToString();
    }

    private List<object?> Map(object? value, TemplateArguments args, TemplateSourcePosition at, TemplateScope scope)
    {
        var result = new List<object?>();
        var attribute = args.Get(-1, "attribute");
        if (attribute is string path)
        {
            var fallback = args.Get(-1, "default");
            foreach (var item in Iterate(value, at))
            {
                var mapped = GetAttributePath(item, path);
                result.Add(mapped is TemplateUndefined && args.Has(-1, "default") ? fallback : mapped);
            }

            return result;
        }

        if (args.Positional.Count == 0 || args.Positional[0] is not string filterName)
        {
            throw at.Error(TemplateErrorKind.Runtime, "map needs a filter name or attribute=");
        }

        var rest = new TemplateArguments([.. args.Positional.Skip(1)], args.Named);
        foreach (var item in Iterate(value, at))
        {
            result.Add(ApplyFilter(filterName, item, rest, at, scope));
        }

        return result;
    }

    private List<object?> Select(object? value, TemplateArguments args, TemplateSourcePosition at, bool keep, bool byAttribute)
    {
        var offset = byAttribute ? 1 : 0;
        var attribute = byAttribute ? TemplateValues.ToText(args.Get(0, "attribute", "")) : null;
        var testName = args.Positional.Count > offset ? args.Positional[offset] as string : null;
        var testArgs = new TemplateArguments([.. args.Positional.Skip(offset + 1)], []);
        var result = new List<object?>();
        foreach (var item in Iterate(value, at))
        {
            var subject = attribute is null ? item : GetAttributePath(item, attribute);
            var passed = testName is null ? TemplateValues.IsTruthy(subject) : ApplyTest(testName, subject, testArgs, at);
            if (passed == keep)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static object? ToInt(object? value, object? fallback) => value switch
    {
        long l => l,
        double d => double.IsFinite(d) ? (long)d : fallback,
        bool b => b ? 1L : 0L,
        string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => (long)d,
        _ => fallback,
    };

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        long l => (double)l,
        double d => d,
        bool b => b ? 1.0 : 0.0,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => fallback,
    };

    private static string HtmlEscape(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&#34;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Indent(string s, TemplateArguments args)
    {
        var width = args.Get(0, "width", 4L);
        var pad = width is string text ? text : new string(' ', (int)Math.Clamp(TemplateValues.ToLong(width), 0, 1024));
        var first = TemplateValues.IsTruthy(args.Get(1, "first", false));
        var blank = TemplateValues.IsTruthy(args.Get(2, "blank", false));
        var lines = s.Split('\n');
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\n');
            }

            var line = lines[i];
            if ((i > 0 || first) && (blank || line.Length > 0))
            {
                sb.Append(pad);
            }

            sb.Append(line);
        }

        return sb.ToString();
    }
}
