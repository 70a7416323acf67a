using System.Text.Json;

namespace Deliberate.Engine.Grammar;

internal sealed partial class SchemaCompiler
{
    /// <summary>
    /// A string with at most one kind of constraint: a length range (characters limited to the BMP so that
    /// every validator counts them alike), a pattern, or a format. A maxLength above
    /// <see cref="GrammarOptions.MaxUnrolledCount"/> is lowered to it.
    /// </summary>
    private NfaFragment StringBody(JsonElement schema, string pointer)
    {
        var minLength = ReadCount(schema, "minLength", pointer);
        var maxLength = ReadCount(schema, "maxLength", pointer);
        string? pattern = null;
        var patternPointer = pointer + "/pattern";
        if (schema.TryGetProperty("pattern", out var patternValue))
        {
            if (patternValue.ValueKind != JsonValueKind.String)
                throw new SchemaCompileException(patternPointer, "pattern must be a string");
            pattern = patternValue.GetString();
        }
        if (schema.TryGetProperty("format", out var formatValue))
        {
            if (formatValue.ValueKind != JsonValueKind.String)
                throw new SchemaCompileException(pointer + "/format", "format must be a string");
            var format = formatValue.GetString()!;
            var formatPattern = StringFormats.PatternFor(format);
            if (formatPattern is null && StringFormats.IsKnownButUnsupported(format) && _options.RejectUnsupportedKeywords)
                throw new SchemaCompileException(pointer + "/format", $"format '{format}' is not supported");
            if (formatPattern is not null)
            {
                if (pattern is not null)
                    throw new SchemaCompileException(pointer + "/format", "format together with pattern is not supported");
                pattern = formatPattern;
                patternPointer = pointer + "/format";
            }
        }
        if (pattern is not null)
        {
            if (minLength is not null || maxLength is not null)
                throw new SchemaCompileException(pointer, "minLength/maxLength together with pattern or format is not supported");
            var parsed = PatternParser.Parse(pattern, patternPointer, _options);
            return _nfa.Sequence(_json.Byte('"'), _patterns.Compile(parsed), _json.Byte('"'));
        }
        if (minLength is null && maxLength is null)
            return PlainString();
        var min = minLength ?? 0;
        var max = maxLength ?? -1;
        if (min > _options.MaxUnrolledCount)
            throw new SchemaCompileException(pointer + "/minLength", $"minLength above {_options.MaxUnrolledCount} is not supported");
        if (max > _options.MaxUnrolledCount)
            max = _options.MaxUnrolledCount;
        if (max >= 0 && min > max)
            return _nfa.Nothing();
        var body = _nfa.Repeat(() => _json.StringChar(bmpOnly: true), min, max);
        return _nfa.Sequence(_json.Byte('"'), body, _json.Byte('"'));
    }

    /// <summary>Integers; bounds are enforced exactly by a digit-range automaton.</summary>
    private NfaFragment IntegerBody(JsonElement schema, string pointer)
    {
        var (lo, hi, bounded) = ReadIntegerBounds(schema, pointer);
        return bounded ? _json.IntegerRange(lo, hi) : _json.Integer();
    }

    /// <summary>
    /// Numbers. Unbounded: any JSON number within the digit caps. Bounded: integers in range, plus decimals
    /// I.F whose whole interval [I, I+1) (or (-(K+1), -K] for "-K.F") lies in range; no exponents. That is
    /// a subset of the valid numbers, but every one of them satisfies the bounds.
    /// </summary>
    private NfaFragment NumberBody(JsonElement schema, string pointer)
    {
        var bounds = ReadBounds(schema, pointer);
        if (bounds.Min is null && bounds.Max is null)
            return _json.Number();
        var m = _json.MaxMagnitude;
        var (lo, hi, _) = ReadIntegerBounds(schema, pointer);
        var options = new List<NfaFragment> { _json.IntegerRange(lo, hi) };
        var minValue = bounds.Min ?? -m - 1.0;
        var maxValue = bounds.Max ?? m + 1.0;
        // Non-negative whole part n with any fraction: need n >= min (n > min when exclusive) and n + 1 <= max.
        var nLo = bounds.MinExclusive ? Math.Floor(minValue) + 1 : Math.Ceiling(minValue);
        var nHi = Math.Floor(maxValue) - 1;
        nLo = Math.Max(nLo, 0);
        nHi = Math.Min(nHi, m);
        var fraction = () => _nfa.Sequence(_json.Byte('.'), _json.Digits(1, _options.MaxFractionDigits));
        if (nLo <= nHi)
            options.Add(_nfa.Sequence(_json.NonNegativeRange((long)nLo, (long)nHi), fraction()));
        // "-k.F" lies in (-(k+1), -k]: need -(k+1) >= min and -k <= max (-k < max when exclusive).
        var kHi = Math.Floor(-minValue) - 1;
        var kLo = bounds.MaxExclusive ? Math.Floor(-maxValue) + 1 : Math.Ceiling(-maxValue);
        kLo = Math.Max(kLo, 0);
        kHi = Math.Min(kHi, m);
        if (kLo <= kHi)
            options.Add(_nfa.Sequence(_json.Byte('-'), _json.NonNegativeRange((long)kLo, (long)kHi), fraction()));
        return _nfa.Choice(options);
    }

    private (long Lo, long Hi, bool Bounded) ReadIntegerBounds(JsonElement schema, string pointer)
    {
        var bounds = ReadBounds(schema, pointer);
        var m = _json.MaxMagnitude;
        double lo = -m, hi = m;
        if (bounds.Min is { } min)
            lo = Math.Max(lo, bounds.MinExclusive ? Math.Floor(min) + 1 : Math.Ceiling(min));
        if (bounds.Max is { } max)
            hi = Math.Min(hi, bounds.MaxExclusive ? Math.Ceiling(max) - 1 : Math.Floor(max));
        if (lo > hi)
            return (1, 0, true);
        return ((long)lo, (long)hi, bounds.Min is not null || bounds.Max is not null);
    }

    private readonly record struct NumericBounds(double? Min, bool MinExclusive, double? Max, bool MaxExclusive);

    private static NumericBounds ReadBounds(JsonElement schema, string pointer)
    {
        double? min = ReadNumber(schema, "minimum", pointer);
        double? max = ReadNumber(schema, "maximum", pointer);
        bool minExclusive = false, maxExclusive = false;
        // Draft 6+: exclusiveMinimum is a number. Draft 4: a boolean modifying minimum.
        if (schema.TryGetProperty("exclusiveMinimum", out var exMin))
        {
            if (exMin.ValueKind is JsonValueKind.True or JsonValueKind.False)
                minExclusive = exMin.ValueKind == JsonValueKind.True && min is not null;
            else
            {
                var v = ReadNumber(schema, "exclusiveMinimum", pointer)!.Value;
                if (min is null || v >= min)
                    (min, minExclusive) = (v, true);
            }
        }
        if (schema.TryGetProperty("exclusiveMaximum", out var exMax))
        {
            if (exMax.ValueKind is JsonValueKind.True or JsonValueKind.False)
                maxExclusive = exMax.ValueKind == JsonValueKind.True && max is not null;
            else
            {
                var v = ReadNumber(schema, "exclusiveMaximum", pointer)!.Value;
                if (max is null || v <= max)
                    (max, maxExclusive) = (v, true);
            }
        }
        return new(min, minExclusive, max, maxExclusive);
    }

    private static double? ReadNumber(JsonElement schema, string name, string pointer)
    {
        if (!schema.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d))
            throw new SchemaCompileException(pointer + "/" + name, $"{name} must be a finite number");
        return d;
    }

    private NfaFragment EnumBody(JsonElement schema, JsonElement values, string pointer)
    {
        if (values.ValueKind != JsonValueKind.Array)
            throw new SchemaCompileException(pointer, "enum must be an array");
        return LiteralChoice(schema, values.EnumerateArray().ToList(), pointer);
    }

    /// <summary>The allowed literal values (those that also match "type", when given), in compact JSON.</summary>
    private NfaFragment LiteralChoice(JsonElement schema, List<JsonElement> values, string pointer)
    {
        _enumValues += values.Count;
        if (_enumValues > _options.MaxEnumValues)
            throw new SchemaCompileException(pointer, $"more than {_options.MaxEnumValues} enum values");
        var types = schema.TryGetProperty("type", out _) ? ReadTypes(schema, pointer) : null;
        var options = new List<NfaFragment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (types is not null && !types.Exists(t => Matches(value, t)))
                continue;
            var bytes = JsonLiteralWriter.Compact(value);
            if (seen.Add(Convert.ToBase64String(bytes)))
                options.Add(_nfa.Literal(bytes));
        }
        return options.Count == 0 ? _nfa.Nothing() : _nfa.Choice(options);
    }

    private static bool Matches(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d == Math.Floor(d) && !value.GetRawText().Contains('.', StringComparison.Ordinal),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };
}
