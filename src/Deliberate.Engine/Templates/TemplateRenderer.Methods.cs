using System.Globalization;
using System.Text;

namespace Deliberate.Engine.Templates;

/// <summary>Python methods templates call on strings and dicts (<c>s.startswith('x')</c>, <c>d.items()</c>).</summary>
internal sealed partial class TemplateRenderer
{
    private TemplateFunction? BindMethod(object? target, string name) => target switch
    {
        string s => BindStringMethod(s, name),
        TemplateDict dict => BindDictMethod(dict, name),
        _ => null,
    };

    private static TemplateFunction? BindDictMethod(TemplateDict dict, string name) => name switch
    {
        "items" => new TemplateFunction(name, (_, _) => DictItems(dict)),
        "keys" => new TemplateFunction(name, (_, _) => new List<object?>(dict.Keys)),
        "values" => new TemplateFunction(name, (_, _) => new List<object?>(dict.Values)),
        "get" => new TemplateFunction(name, (args, _) =>
            TemplateDict.IsValidKey(args.Get(0, "key")) && dict.TryGetValue(args.Get(0, "key")!, out var value) ? value : args.Get(1, "default")),
        _ => null,
    };

    private TemplateFunction? BindStringMethod(string s, string name) => name switch
    {
        "startswith" => new TemplateFunction(name, (args, at) => AffixTest(s, args.Get(0, "prefix"), at, prefix: true)),
        "endswith" => new TemplateFunction(name, (args, at) => AffixTest(s, args.Get(0, "suffix"), at, prefix: false)),
        "split" => new TemplateFunction(name, (args, at) =>
            TemplateStrings.Split(s, args.Get(0, "sep") as string, TemplateValues.ToLong(args.Get(1, "maxsplit", -1L)), at)),
        "rsplit" => new TemplateFunction(name, (args, at) =>
            TemplateStrings.RSplit(s, args.Get(0, "sep") as string, TemplateValues.ToLong(args.Get(1, "maxsplit", -1L)), at)),
        "strip" => new TemplateFunction(name, (args, _) => TemplateStrings.Strip(s, args.Get(0, "chars"), left: true, right: true)),
        "lstrip" => new TemplateFunction(name, (args, _) => TemplateStrings.Strip(s, args.Get(0, "chars"), left: true, right: false)),
        "rstrip" => new TemplateFunction(name, (args, _) => TemplateStrings.Strip(s, args.Get(0, "chars"), left: false, right: true)),
        "upper" => new TemplateFunction(name, (_, _) => s.ToUpperInvariant()),
        "lower" => new TemplateFunction(name, (_, _) => s.ToLowerInvariant()),
        "title" => new TemplateFunction(name, (_, _) => TemplateStrings.PythonTitle(s)),
        "capitalize" => new TemplateFunction(name, (_, _) => TemplateStrings.Capitalize(s)),
        "replace" => new TemplateFunction(name, (args, at) => TemplateStrings.Replace(
            s, TemplateValues.ToText(args.Get(0, "old")), TemplateValues.ToText(args.Get(1, "new")),
            TemplateValues.ToLong(args.Get(2, "count", -1L)), _limits.MaxOutputLength, at)),
        "find" => new TemplateFunction(name, (args, _) => (long)s.IndexOf(TemplateValues.ToText(args.Get(0, "sub")), StringComparison.Ordinal)),
        "rfind" => new TemplateFunction(name, (args, _) => (long)s.LastIndexOf(TemplateValues.ToText(args.Get(0, "sub")), StringComparison.Ordinal)),
        "count" => new TemplateFunction(name, (args, _) => CountOccurrences(s, TemplateValues.ToText(args.Get(0, "sub")))),
        "join" => new TemplateFunction(name, (args, at) => string.Join(s, Iterate(args.Get(0, "iterable"), at).Select(TemplateValues.ToText))),
        "isdigit" => new TemplateFunction(name, (_, _) => s.Length > 0 && s.All(char.IsDigit)),
        "isalpha" => new TemplateFunction(name, (_, _) => s.Length > 0 && s.All(char.IsLetter)),
        "isalnum" => new TemplateFunction(name, (_, _) => s.Length > 0 && s.All(char.IsLetterOrDigit)),
        "isspace" => new TemplateFunction(name, (_, _) => s.Length > 0 && s.All(char.IsWhiteSpace)),
        "islower" => new TemplateFunction(name, (_, _) => s.Any(char.IsLetter) && s == s.ToLowerInvariant()),
        "isupper" => new TemplateFunction(name, (_, _) => s.Any(char.IsLetter) && s == s.ToUpperInvariant()),
        "splitlines" => new TemplateFunction(name, (_, _) =>
            s.Length == 0 ? new List<object?>() : s.TrimEnd('\n').Split('\n').Select(line => (object?)line.TrimEnd('\r')).ToList()),
        "format" => new TemplateFunction(name, (args, at) => Format(s, args, at)),
        _ => null,
    };

    private static bool AffixTest(string s, object? affix, TemplateSourcePosition at, bool prefix)
    {
        if (affix is List<object?> options)
        {
            return options.Exists(option => AffixTest(s, option, at, prefix));
        }

        if (affix is not string text)
        {
            throw at.Error(TemplateErrorKind.Runtime, $"{(prefix ? "startswith" : "endswith")} needs a string, got {TemplateValues.TypeName(affix)}");
        }

        return prefix ? s.StartsWith(text, StringComparison.Ordinal) : s.EndsWith(text, StringComparison.Ordinal);
    }

    private static long CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return s.Length + 1;
        }

        long count = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // str.format with {} / {0} / {name} fields (no format specs), and {{ }} escapes.
    private static string Format(string s, TemplateArguments args, TemplateSourcePosition at)
    {
        var sb = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '{' && i + 1 < s.Length && s[i + 1] == '{')
            {
                sb.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < s.Length && s[i + 1] == '}')
            {
                sb.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var close = s.IndexOf('}', i);
                if (close < 0)
                {
                    throw at.Error(TemplateErrorKind.Runtime, "unmatched '{' in format string");
                }

                var field = s[(i + 1)..close];
                var colon = field.IndexOf(':');
                if (colon >= 0)
                {
                    field = field[..colon];
                }

                object? value;
                if (field.Length == 0)
                {
                    value = args.Get(auto++, "\0");
                }
                else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    value = args.Get(index, "\0");
                }
                else
                {
                    value = args.Get(-1, field);
                }

                sb.Append(TemplateValues.ToText(value));
                i = close;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
