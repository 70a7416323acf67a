namespace Deliberate.Engine.Templates;

/// <summary>Jinja tests (<c>value is name</c>, <c>value is not name(arg)</c>).</summary>
internal sealed partial class TemplateRenderer
{
    private static bool ApplyTest(string name, object? value, TemplateArguments args, TemplateSourcePosition at)
    {
        var argument = args.Get(0, "value");
        return name switch
        {
            "defined" => value is not TemplateUndefined,
            "undefined" => value is TemplateUndefined,
            "none" => value is null,
            "string" => value is string,
            "number" => value is long or double or bool, // Python: bool is a Number
            "integer" => value is long,
            "float" => value is double,
            "boolean" => value is bool,
            "true" => value is true,
            "false" => value is false,
            "mapping" => value is TemplateDict or TemplateNamespace,
            "iterable" => value is string or List<object?> or TemplateDict or TemplateUndefined,
            "sequence" => value is string or List<object?> or TemplateDict,
            "callable" => value is TemplateFunction,
            "even" => value is long e && e % 2 == 0,
            "odd" => value is long o && o % 2 != 0,
            "divisibleby" => TemplateValues.ToLong(argument) != 0 && TemplateValues.ToLong(value) % TemplateValues.ToLong(argument) == 0,
            "eq" or "equalto" or "==" => TemplateValues.AreEqual(value, argument),
            "ne" or "!=" => !TemplateValues.AreEqual(value, argument),
            "lt" or "lessthan" or "<" => TemplateValues.Compare(value, argument) < 0,
            "gt" or "greaterthan" or ">" => TemplateValues.Compare(value, argument) > 0,
            "le" or "<=" => TemplateValues.Compare(value, argument) <= 0,
            "ge" or ">=" => TemplateValues.Compare(value, argument) >= 0,
            "in" => argument switch
            {
                string s => value is string sub && s.Contains(sub, StringComparison.Ordinal),
                List<object?> list => list.Exists(item => TemplateValues.AreEqual(item, value)),
                TemplateDict dict => TemplateDict.IsValidKey(value) && dict.ContainsKey(value!),
                _ => false,
            },
            "sameas" => value is null ? argument is null : value is bool b ? argument is bool c && b == c : ReferenceEquals(value, argument),
            "lower" => value is string lower && lower == lower.ToLowerInvariant(),
            "upper" => value is string upper && upper == upper.ToUpperInvariant(),
            _ => throw at.Error(TemplateErrorKind.Runtime, $"unknown test '{name}'"),
        };
    }
}
