using System.Text.Json;

namespace Deliberate.Engine.Grammar;

internal sealed partial class SchemaCompiler
{
    /// <summary>
    /// An object whose keys follow the order of <c>properties</c> (as OpenAI's strict mode emits them); required
    /// keys must appear, optional ones may be skipped; extra keys (when allowed) come after the declared ones.
    /// Two states per property position track whether a comma is needed before the next member.
    /// </summary>
    private NfaFragment ObjectBody(JsonElement schema, string pointer)
    {
        var declared = new List<(string Name, int Rule, bool Required)>();
        var required = ReadRequired(schema, pointer);
        if (schema.TryGetProperty("properties", out var properties))
        {
            if (properties.ValueKind != JsonValueKind.Object)
                throw new SchemaCompileException(pointer + "/properties", "properties must be an object");
            foreach (var p in properties.EnumerateObject())
            {
                if (declared.Exists(d => d.Name == p.Name))
                    continue;
                var rule = RuleFor(p.Value, pointer + "/properties/" + EscapePointer(p.Name));
                declared.Add((p.Name, rule, required.Contains(p.Name)));
            }
        }

        int? extraRule;
        if (schema.TryGetProperty("additionalProperties", out var additional))
        {
            extraRule = additional.ValueKind switch
            {
                JsonValueKind.False => null,
                JsonValueKind.True => AnyValueRule(),
                JsonValueKind.Object => RuleFor(additional, pointer + "/additionalProperties"),
                _ => throw new SchemaCompileException(pointer + "/additionalProperties", "additionalProperties must be a boolean or a schema"),
            };
        }
        else
            extraRule = _options.AllowExtraPropertiesWhenUnspecified ? AnyValueRule() : null;

        // Required keys missing from "properties" must still appear, with whatever value extra keys may have.
        foreach (var name in required)
        {
            if (!declared.Exists(d => d.Name == name))
                declared.Add((name, extraRule ?? NothingRule(pointer + "/required"), true));
        }

        var open = _nfa.Sequence(_json.Byte('{'), _json.Whitespace());
        var first = open.End;
        var more = _nfa.NewState();
        foreach (var (name, rule, isRequired) in declared)
        {
            var member = _nfa.Sequence(
                _nfa.Literal(JsonLiteralWriter.EncodeString(name)), _json.Byte(':'), _json.Whitespace(),
                _nfa.Call(rule));
            var separator = _nfa.Sequence(_json.Byte(','), _json.Whitespace());
            var nextFirst = _nfa.NewState();
            var nextMore = _nfa.NewState();
            _nfa.Epsilon(first, member.Start);
            _nfa.Epsilon(more, separator.Start);
            _nfa.Epsilon(separator.End, member.Start);
            _nfa.Epsilon(member.End, nextMore);
            if (!isRequired)
            {
                _nfa.Epsilon(first, nextFirst);
                _nfa.Epsilon(more, nextMore);
            }
            first = nextFirst;
            more = nextMore;
        }

        if (extraRule is { } extra)
        {
            EnsureAnyRules();
            var key = declared.Count == 0 ? _nfa.Call(_anyStringRule) : KeyExcluding(declared.Select(d => d.Name));
            var member = _nfa.Sequence(key, _json.Byte(':'), _json.Whitespace(), _nfa.Call(extra));
            var separator = _nfa.Sequence(_json.Byte(','), _json.Whitespace());
            _nfa.Epsilon(first, member.Start);
            _nfa.Epsilon(more, separator.Start);
            _nfa.Epsilon(separator.End, member.Start);
            _nfa.Epsilon(member.End, more);
        }

        var end = _nfa.NewState();
        var closeEmpty = _json.Byte('}');
        _nfa.Epsilon(first, closeEmpty.Start);
        _nfa.Epsilon(closeEmpty.End, end);
        var closeAfter = _nfa.Sequence(_json.Whitespace(), _json.Byte('}'));
        _nfa.Epsilon(more, closeAfter.Start);
        _nfa.Epsilon(closeAfter.End, end);
        return new(open.Start, end);
    }

    private static HashSet<string> ReadRequired(JsonElement schema, string pointer)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (!schema.TryGetProperty("required", out var list))
            return required;
        if (list.ValueKind != JsonValueKind.Array)
            throw new SchemaCompileException(pointer + "/required", "required must be an array of strings");
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new SchemaCompileException(pointer + "/required", "required must be an array of strings");
            required.Add(item.GetString()!);
        }
        return required;
    }

    /// <summary>
    /// A quoted key of printable ASCII (no escapes) that is none of <paramref name="excluded"/>: a trie over the
    /// excluded names where leaving the trie leads to a free state. Extra keys are kept to plain ASCII so the
    /// exclusion is exact byte for byte.
    /// </summary>
    private NfaFragment KeyExcluding(IEnumerable<string> excluded)
    {
        var names = excluded.Select(n => JsonLiteralWriter.EncodeString(n)).ToList();
        var start = _nfa.NewState();
        var root = _nfa.NewState();
        _nfa.Bytes(start, (byte)'"', (byte)'"', root);
        var free = _nfa.NewState();
        var end = _nfa.NewState();
        AddAllowedKeyBytes(free, free, []);
        _nfa.Bytes(free, (byte)'"', (byte)'"', end);
        // Trie nodes keyed by the name prefix (after the opening quote) they stand for.
        var nodes = new Dictionary<string, int> { [""] = root };
        var children = new Dictionary<int, SortedSet<byte>>();
        var terminal = new HashSet<int>();
        foreach (var name in names)
        {
            var inner = name.AsSpan(1, name.Length - 2);
            var prefix = "";
            var node = root;
            var reachable = true;
            foreach (var b in inner)
            {
                if (!IsAllowedKeyByte(b))
                {
                    reachable = false;
                    break;
                }
                prefix += (char)b;
                if (!nodes.TryGetValue(prefix, out var child))
                {
                    child = _nfa.NewState();
                    nodes[prefix] = child;
                    _nfa.Bytes(node, b, b, child);
                    if (!children.TryGetValue(node, out var set))
                        children[node] = set = [];
                    set.Add(b);
                }
                node = child;
            }
            if (reachable)
                terminal.Add(node);
        }
        foreach (var node in nodes.Values)
        {
            AddAllowedKeyBytes(node, free, children.TryGetValue(node, out var used) ? used : []);
            if (node != root && !terminal.Contains(node))
                _nfa.Bytes(node, (byte)'"', (byte)'"', end);
        }
        return new(start, end);
    }

    private static bool IsAllowedKeyByte(byte b) => b is >= 0x20 and <= 0x7E and not (byte)'"' and not (byte)'\\';

    private void AddAllowedKeyBytes(int from, int to, SortedSet<byte> except)
    {
        var run = -1;
        for (var b = 0x20; b <= 0x7F; b++)
        {
            var ok = b <= 0x7E && IsAllowedKeyByte((byte)b) && !except.Contains((byte)b);
            if (ok && run < 0)
                run = b;
            else if (!ok && run >= 0)
            {
                _nfa.Bytes(from, (byte)run, (byte)(b - 1), to);
                run = -1;
            }
        }
    }

    /// <summary>
    /// '[' ws (']' | item (',' ws item){minItems-1 .. maxItems-1} ws ']'), with counts unrolled into states.
    /// A maxItems above <see cref="GrammarOptions.MaxUnrolledCount"/> is lowered to it (outputs stay valid).
    /// </summary>
    private NfaFragment ArrayBody(JsonElement schema, string pointer)
    {
        int itemRule;
        var noItems = false;
        if (schema.TryGetProperty("items", out var items))
        {
            if (items.ValueKind == JsonValueKind.False)
            {
                noItems = true;
                itemRule = -1;
            }
            else if (items.ValueKind is JsonValueKind.Object or JsonValueKind.True)
                itemRule = RuleFor(items, pointer + "/items");
            else
                throw new SchemaCompileException(pointer + "/items", "items must be a schema (tuple form is not supported)");
        }
        else
            itemRule = AnyValueRule();
        var min = ReadCount(schema, "minItems", pointer) ?? 0;
        var max = ReadCount(schema, "maxItems", pointer) ?? -1;
        if (min > _options.MaxUnrolledCount)
            throw new SchemaCompileException(pointer + "/minItems", $"minItems above {_options.MaxUnrolledCount} is not supported");
        if (max > _options.MaxUnrolledCount)
            max = _options.MaxUnrolledCount;
        if (noItems)
            max = 0;
        if (max >= 0 && min > max)
            return _nfa.Nothing();

        var head = _nfa.Sequence(_json.Byte('['), _json.Whitespace());
        var end = _nfa.NewState();
        if (min == 0)
        {
            var empty = _json.Byte(']');
            _nfa.Epsilon(head.End, empty.Start);
            _nfa.Epsilon(empty.End, end);
        }
        if (max == 0)
            return new(head.Start, end);
        var close = _nfa.Sequence(_json.Whitespace(), _json.Byte(']'));
        _nfa.Epsilon(close.End, end);
        var firstItem = _nfa.Call(itemRule);
        _nfa.Epsilon(head.End, firstItem.Start);
        var current = firstItem.End;
        var unrolled = max >= 0 ? max : Math.Max(min, 1);
        for (var k = 1; k <= unrolled; k++)
        {
            if (k >= min)
                _nfa.Epsilon(current, close.Start);
            if (k == unrolled && max >= 0)
                break;
            var next = _nfa.Sequence(_json.Byte(','), _json.Whitespace(), _nfa.Call(itemRule));
            _nfa.Epsilon(current, next.Start);
            if (k == unrolled)
            {
                // Unbounded: loop on the last state.
                _nfa.Epsilon(next.End, current);
                break;
            }
            current = next.End;
        }
        return new(head.Start, end);
    }

    private static int? ReadCount(JsonElement schema, string name, string pointer)
    {
        if (!schema.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || d < 0 || d != Math.Floor(d))
            throw new SchemaCompileException(pointer + "/" + name, $"{name} must be a non-negative integer");
        return d > int.MaxValue ? int.MaxValue : (int)d;
    }
}
