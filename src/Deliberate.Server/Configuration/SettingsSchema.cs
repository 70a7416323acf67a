using System.Globalization;
using System.Reflection;

namespace Deliberate.Server.Configuration;

/// <summary>
/// The shape of <see cref="ServerOptions"/> as configuration keys (<c>listen</c>, <c>models:0:contextSize</c>,
/// <c>models:0:aliasEfforts:o3-mini-high</c>), read from the options classes themselves so a new property is a new
/// setting everywhere at once. It canonicalizes a key from any source (case-insensitive, underscores between words
/// allowed, as environment variables write them), rejects unknown keys with the closest known ones, and checks that a
/// value converts to its property's type.
/// </summary>
public sealed class SettingsSchema
{
    private readonly Type _type;
    private readonly Dictionary<string, (string Name, SettingsSchema Node)>? _properties;
    private readonly SettingsSchema? _element;

    private SettingsSchema(Type type)
    {
        _type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(_type))
        {
            return;
        }

        if (_type.IsGenericType && _type.GetGenericTypeDefinition() is var generic && (generic == typeof(List<>) || generic == typeof(Dictionary<,>)))
        {
            _element = new SettingsSchema(_type.GetGenericArguments()[^1]);
            return;
        }

        _properties = new(StringComparer.OrdinalIgnoreCase);
        foreach (var property in _type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            var name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            _properties[Squash(name)] = (name, new SettingsSchema(property.PropertyType));
        }
    }

    public static SettingsSchema Server { get; } = new(typeof(ServerOptions));

    private bool IsList => _element is not null && _type.GetGenericTypeDefinition() == typeof(List<>);

    /// <summary>
    /// The canonical form of <paramref name="segments"/> (<c>MODELS</c>, <c>0</c>, <c>CONTEXT_SIZE</c> →
    /// <c>models:0:contextSize</c>), or an error saying which segment is unknown and what was meant.
    /// </summary>
    public string Canonicalize(IReadOnlyList<string> segments, out string? error)
    {
        var node = this;
        var path = new List<string>(segments.Count);
        foreach (var segment in segments)
        {
            if (node._properties is { } properties)
            {
                if (!properties.TryGetValue(Squash(segment), out var property))
                {
                    var known = path.Count == 0 ? "" : string.Join(':', path) + ":";
                    error = $"unknown setting '{known}{segment}'{Suggest(properties.Values.Select(p => p.Name), segment, known)}";
                    return "";
                }

                path.Add(property.Name);
                node = property.Node;
            }
            else if (node.IsList)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 1000)
                {
                    error = $"'{string.Join(':', path)}' is a list: '{segment}' is not an index (0, 1, …)";
                    return "";
                }

                path.Add(segment);
                node = node._element!;
            }
            else if (node._element is not null)
            {
                path.Add(segment);  // a map's keys are the user's own names (model aliases), kept as written
                node = node._element;
            }
            else
            {
                error = $"'{string.Join(':', path)}' is a single value; it has no '{segment}'";
                return "";
            }
        }

        error = null;
        return string.Join(':', path);
    }

    /// <summary>Null when <paramref name="value"/> suits the setting at <paramref name="canonicalKey"/>, else why not.</summary>
    public string? CheckValue(string canonicalKey, string? value)
    {
        var node = this;
        foreach (var segment in canonicalKey.Split(':'))
        {
            node = node._properties is { } properties ? properties[Squash(segment)].Node : node._element!;
        }

        if (!IsScalar(node._type))
        {
            // An empty list or object in a JSON file arrives as a key with no value.
            return string.IsNullOrEmpty(value) ? null : $"'{canonicalKey}' is {(node._element is null ? "an object" : "a list")}, not a single value";
        }

        if (value is null || node._type == typeof(string))
        {
            return null;
        }

        var type = node._type;
        var ok = type == typeof(bool) ? bool.TryParse(value, out _)
            : type == typeof(int) ? int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            : type == typeof(long) ? long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            : type == typeof(double) ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            : type.IsEnum && Enum.GetNames(type).Any(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
        return ok ? null : $"'{value}' is not {Describe(type)}";
    }

    private static string Describe(Type type) =>
        type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) ? "a number"
        : "one of " + string.Join(", ", Enum.GetNames(type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]));

    private static bool IsScalar(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    /// <summary>Case and word separators do not matter: <c>CONTEXT_SIZE</c>, <c>contextSize</c> and <c>context-size</c> are one name.</summary>
    private static string Squash(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Suggest(IEnumerable<string> names, string segment, string prefix)
    {
        var wanted = Squash(segment);
        var close = names.Where(n => Squash(n) is var known && (known.StartsWith(wanted, StringComparison.Ordinal)
            || wanted.StartsWith(known, StringComparison.Ordinal) || Distance(known, wanted) <= 2)).ToList();
        return close.Count == 0 ? "" : $" (did you mean {string.Join(" or ", close.Select(n => $"'{prefix}{n}'"))}?)";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
