using System.Text.Json;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// Compiles a JSON Schema into an <see cref="Nfa"/> of rules, one per sub-schema that is used as a value
/// (objects, arrays, $ref targets, scalars), then determinises it. Rules are built from a work queue, so
/// long $ref chains and recursion cost no stack depth. Scalars with equal constraints share one rule, which
/// lets the token-mask cache share work across fields.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private static readonly HashSet<string> UnsupportedKeywords =
    [
        "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "dependencies", "patternProperties",
        "propertyNames", "minProperties", "maxProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
        "minContains", "maxContains", "multipleOf", "prefixItems", "additionalItems", "$dynamicRef", "$recursiveRef",
    ];

    private static readonly HashSet<string> ConstrainingKeywords =
    [
        "type", "enum", "const", "anyOf", "oneOf", "allOf", "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "$ref", .. UnsupportedKeywords,
    ];

    private readonly JsonElement _root;
    private readonly GrammarOptions _options;
    private readonly Nfa _nfa;
    private readonly JsonFragments _json;
    private readonly PatternCompiler _patterns;
    private readonly Dictionary<string, int> _rulesByKey = [];
    private readonly Queue<(int Rule, JsonElement Schema, string Pointer, string? Type)> _pending = new();
    private int _enumValues;
    private int _anyValueRule = -1;
    private int _anyStringRule;
    private int _anyNumberRule;
    private int _anyObjectRule;
    private int _anyArrayRule;

    private SchemaCompiler(JsonElement root, GrammarOptions options)
    {
        _root = root;
        _options = options;
        _nfa = new Nfa(options.MaxStates);
        _json = new JsonFragments(_nfa, options);
        _patterns = new PatternCompiler(_nfa, _json);
    }

    public static GrammarAutomaton Compile(JsonElement root, GrammarOptions options)
    {
        var compiler = new SchemaCompiler(root, options);
        var rootRule = compiler.RuleFor(root, "#");
        compiler.Drain();
        return DfaBuilder.Build(compiler._nfa, rootRule, options.MaxStates);
    }

    /// <summary>JSON mode: any JSON object.</summary>
    public static GrammarAutomaton CompileAnyObject(GrammarOptions options)
    {
        using var doc = JsonDocument.Parse("{}");
        var compiler = new SchemaCompiler(doc.RootElement, options);
        compiler.EnsureAnyRules();
        return DfaBuilder.Build(compiler._nfa, compiler._anyObjectRule, options.MaxStates);
    }

    private void Drain()
    {
        while (_pending.TryDequeue(out var work))
        {
            _nfa.CurrentPointer = work.Pointer;
            _nfa.DefineRule(work.Rule, work.Type is null ? Body(work.Schema, work.Pointer) : TypedBody(work.Schema, work.Type, work.Pointer));
        }
    }

    /// <summary>The rule that matches values of <paramref name="schema"/> (declared now, built from the queue).</summary>
    private int RuleFor(JsonElement schema, string pointer)
    {
        var aliases = 0;
        while (true)
        {
            if (Depth(pointer) > _options.MaxSchemaDepth)
                throw new SchemaCompileException(pointer, $"schema nested deeper than {_options.MaxSchemaDepth} levels");
            if (schema.ValueKind == JsonValueKind.True)
                return AnyValueRule();
            if (schema.ValueKind == JsonValueKind.False)
                return NothingRule(pointer);
            if (schema.ValueKind != JsonValueKind.Object)
                throw new SchemaCompileException(pointer, "a schema must be an object or a boolean");
            CheckKeywords(schema, pointer);
            if (schema.TryGetProperty("$ref", out var reference) && !HasConstraintsBesides(schema, "$ref"))
            {
                if (++aliases > 1000)
                    throw new SchemaCompileException(pointer, "circular $ref chain");
                var target = Resolve(reference, pointer + "/$ref", out var targetPointer);
                if (_rulesByKey.TryGetValue(targetPointer, out var existing))
                    return existing;
                schema = target;
                pointer = targetPointer;
                continue;
            }
            if (schema.TryGetProperty("allOf", out var allOf) && !HasConstraintsBesides(schema, "allOf"))
            {
                if (allOf.ValueKind != JsonValueKind.Array || allOf.GetArrayLength() != 1)
                    throw new SchemaCompileException(pointer + "/allOf", "allOf is supported only with exactly one schema");
                if (++aliases > 1000)
                    throw new SchemaCompileException(pointer, "circular $ref chain");
                schema = allOf[0];
                pointer += "/allOf/0";
                continue;
            }
            break;
        }
        if (!HasConstraintsBesides(schema, null))
            return AnyValueRule();
        var key = ScalarKey(schema) ?? pointer;
        if (_rulesByKey.TryGetValue(key, out var rule))
            return rule;
        rule = _nfa.DeclareRule(pointer);
        _rulesByKey[key] = rule;
        _rulesByKey.TryAdd(pointer, rule);
        _pending.Enqueue((rule, schema, pointer, null));
        return rule;
    }

    /// <summary>
    /// The shared rule for one scalar type of a type union (e.g. the "string" of ["string","null"]), so unions
    /// reuse the same rule, and precomputed masks, as plain scalar properties.
    /// </summary>
    private int ScalarRuleFor(JsonElement schema, string type, string pointer)
    {
        var key = ScalarKey(schema, type)!;
        if (_rulesByKey.TryGetValue(key, out var rule))
            return rule;
        rule = _nfa.DeclareRule(pointer);
        _rulesByKey[key] = rule;
        _pending.Enqueue((rule, schema, pointer, type));
        return rule;
    }

    private static int Depth(string pointer)
    {
        var n = 0;
        foreach (var c in pointer)
        {
            if (c == '/')
                n++;
        }
        return n / 2;
    }

    private NfaFragment Body(JsonElement schema, string pointer)
    {
        if (schema.TryGetProperty("enum", out var values))
            return EnumBody(schema, values, pointer + "/enum");
        if (schema.TryGetProperty("const", out var constant))
            return LiteralChoice(schema, [constant], pointer + "/const");
        foreach (var combinator in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (!schema.TryGetProperty(combinator, out var branches))
                continue;
            if (branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0)
                throw new SchemaCompileException(pointer + "/" + combinator, $"{combinator} must be a non-empty array");
            if (HasConstraintsBesides(schema, combinator))
                throw new SchemaCompileException(pointer, $"{combinator} together with sibling constraints is not supported");
            var options = new List<NfaFragment>();
            var i = 0;
            foreach (var branch in branches.EnumerateArray())
                options.Add(_nfa.Call(RuleFor(branch, $"{pointer}/{combinator}/{i++}")));
            return _nfa.Choice(options);
        }
        if (schema.TryGetProperty("$ref", out _))
            throw new SchemaCompileException(pointer, "$ref together with sibling constraints is not supported");
        if (schema.TryGetProperty("allOf", out _))
            throw new SchemaCompileException(pointer + "/allOf", "allOf together with sibling constraints is not supported");
        var types = ReadTypes(schema, pointer);
        if (types.Count == 1)
            return TypedBody(schema, types[0], pointer);
        return _nfa.Choice(types.Select(t => t is "object" or "array" ? TypedBody(schema, t, pointer) : _nfa.Call(ScalarRuleFor(schema, t, pointer))).ToList());
    }

    private NfaFragment TypedBody(JsonElement schema, string type, string pointer) => type switch
    {
        "object" => ObjectBody(schema, pointer),
        "array" => ArrayBody(schema, pointer),
        "string" => StringBody(schema, pointer),
        "integer" => IntegerBody(schema, pointer),
        "number" => NumberBody(schema, pointer),
        "boolean" => _nfa.Choice([_nfa.Literal("true"u8), _nfa.Literal("false"u8)]),
        "null" => _nfa.Literal("null"u8),
        _ => throw new SchemaCompileException(pointer + "/type", $"unknown type '{type}'"),
    };

    /// <summary>The types a schema admits: its "type" keyword, or what its keywords imply, or all of them.</summary>
    private static List<string> ReadTypes(JsonElement schema, string pointer)
    {
        var types = new List<string>();
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
                types.Add(type.GetString()!);
            else if (type.ValueKind == JsonValueKind.Array && type.GetArrayLength() > 0)
            {
                foreach (var t in type.EnumerateArray())
                {
                    if (t.ValueKind != JsonValueKind.String)
                        throw new SchemaCompileException(pointer + "/type", "type entries must be strings");
                    if (!types.Contains(t.GetString()!))
                        types.Add(t.GetString()!);
                }
            }
            else
                throw new SchemaCompileException(pointer + "/type", "type must be a string or a non-empty array of strings");
        }
        else
        {
            if (Has(schema, "properties", "required", "additionalProperties"))
                types.Add("object");
            if (Has(schema, "items", "minItems", "maxItems"))
                types.Add("array");
            if (Has(schema, "pattern", "format", "minLength", "maxLength"))
                types.Add("string");
            if (Has(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"))
                types.Add("number");
            if (types.Count == 0)
                types.AddRange(["object", "array", "string", "number", "boolean", "null"]);
        }
        // "number" already admits every integer.
        if (types.Contains("number"))
            types.Remove("integer");
        return types;
    }

    private static bool Has(JsonElement schema, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (schema.TryGetProperty(name, out _))
                return true;
        }
        return false;
    }

    private static bool HasConstraintsBesides(JsonElement schema, string? except)
    {
        foreach (var p in schema.EnumerateObject())
        {
            if (p.Name != except && ConstrainingKeywords.Contains(p.Name))
                return true;
        }
        return false;
    }

    private void CheckKeywords(JsonElement schema, string pointer)
    {
        if (!_options.RejectUnsupportedKeywords)
            return;
        foreach (var p in schema.EnumerateObject())
        {
            if (UnsupportedKeywords.Contains(p.Name))
                throw new SchemaCompileException(pointer + "/" + EscapePointer(p.Name), $"keyword '{p.Name}' is not supported");
            if (p.Name == "uniqueItems" && p.Value.ValueKind == JsonValueKind.True)
                throw new SchemaCompileException(pointer + "/uniqueItems", "uniqueItems: true is not supported");
        }
    }

    /// <summary>A sharing key for a scalar schema (same constraints, same rule), or null for anything else.</summary>
    private static string? ScalarKey(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            return null;
        return ScalarKey(schema, type.GetString()!);
    }

    private static string? ScalarKey(JsonElement schema, string t)
    {
        if (t is not ("string" or "integer" or "number" or "boolean" or "null") || Has(schema, "enum", "const", "anyOf", "oneOf", "allOf", "$ref"))
            return null;
        var key = new System.Text.StringBuilder("scalar:").Append(t);
        foreach (var name in (ReadOnlySpan<string>)["minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"])
        {
            if (schema.TryGetProperty(name, out var v))
                key.Append('|').Append(name).Append('=').Append(v.GetRawText());
        }
        return key.ToString();
    }

    private JsonElement Resolve(JsonElement reference, string pointer, out string targetPointer)
    {
        if (reference.ValueKind != JsonValueKind.String)
            throw new SchemaCompileException(pointer, "$ref must be a string");
        var text = reference.GetString()!;
        if (!text.StartsWith('#'))
            throw new SchemaCompileException(pointer, $"only local references (#...) are supported, got '{text}'");
        var fragment = Uri.UnescapeDataString(text[1..]);
        if (fragment.Length > 0 && fragment[0] != '/')
            throw new SchemaCompileException(pointer, $"anchor references are not supported: '{text}'");
        var current = _root;
        var built = "#";
        foreach (var raw in fragment.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            built += "/" + EscapePointer(token);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child))
                current = child;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
                current = current[index];
            else
                throw new SchemaCompileException(pointer, $"unresolvable $ref '{text}'");
        }
        targetPointer = built;
        return current;
    }

    internal static string EscapePointer(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private int NothingRule(string pointer)
    {
        var key = "nothing";
        if (_rulesByKey.TryGetValue(key, out var rule))
            return rule;
        rule = _nfa.DeclareRule(pointer);
        _nfa.DefineRule(rule, _nfa.Nothing());
        _rulesByKey[key] = rule;
        return rule;
    }

    private int AnyValueRule()
    {
        EnsureAnyRules();
        return _anyValueRule;
    }

    /// <summary>Rules for an unconstrained JSON value (json_object mode, extra properties, "{}" schemas).</summary>
    private void EnsureAnyRules()
    {
        if (_anyValueRule >= 0)
            return;
        _anyValueRule = _nfa.DeclareRule("#any");
        _anyStringRule = _nfa.DeclareRule("#any-string");
        _anyNumberRule = _nfa.DeclareRule("#any-number");
        _anyObjectRule = _nfa.DeclareRule("#any-object");
        _anyArrayRule = _nfa.DeclareRule("#any-array");
        _nfa.DefineRule(_anyStringRule, PlainString());
        _nfa.DefineRule(_anyNumberRule, _json.Number());
        _nfa.DefineRule(_anyValueRule, _nfa.Choice([
            _nfa.Call(_anyStringRule), _nfa.Call(_anyNumberRule), _nfa.Call(_anyObjectRule), _nfa.Call(_anyArrayRule),
            _nfa.Literal("true"u8), _nfa.Literal("false"u8), _nfa.Literal("null"u8),
        ]));
        _nfa.DefineRule(_anyObjectRule, Delimited('{', '}', () => _nfa.Sequence(
            _nfa.Call(_anyStringRule), _json.Byte(':'), _json.Whitespace(), _nfa.Call(_anyValueRule))));
        _nfa.DefineRule(_anyArrayRule, Delimited('[', ']', () => _nfa.Call(_anyValueRule)));
    }

    /// <summary>open ws (close | item (, ws item)* ws close).</summary>
    private NfaFragment Delimited(char open, char close, Func<NfaFragment> item)
    {
        var head = _nfa.Sequence(_json.Byte(open), _json.Whitespace());
        var end = _nfa.NewState();
        var empty = _json.Byte(close);
        _nfa.Epsilon(head.End, empty.Start);
        _nfa.Epsilon(empty.End, end);
        var first = item();
        _nfa.Epsilon(head.End, first.Start);
        var loop = _nfa.Sequence(_json.Byte(','), _json.Whitespace(), item());
        _nfa.Epsilon(first.End, loop.Start);
        _nfa.Epsilon(loop.End, first.End);
        var tail = _nfa.Sequence(_json.Whitespace(), _json.Byte(close));
        _nfa.Epsilon(first.End, tail.Start);
        _nfa.Epsilon(tail.End, end);
        return new(head.Start, end);
    }

    private NfaFragment PlainString() =>
        _nfa.Sequence(_json.Byte('"'), _nfa.Star(_json.StringChar(bmpOnly: false)), _json.Byte('"'));
}
