using System.Globalization;
using System.Text.Json.Nodes;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// Seeded random JSON Schemas covering every keyword the grammar supports: object (properties, required,
/// additionalProperties false/true/absent/schema), array (items, minItems, maxItems), string (minLength,
/// maxLength, pattern, format, enum), integer and number bounds (inclusive and exclusive), boolean, null,
/// type unions, enum, const, anyOf, $defs/definitions with $ref, and recursion through $ref.
/// </summary>
internal sealed class SchemaGenerator(int seed)
{
    private static readonly string[] Patterns =
    [
        "^[a-z]+$", "^[A-Z]{2,3}-[0-9]{3,5}$", "^\\d{3}-\\d{4}$", "abc", "^(foo|bar)+$", "^[^\\s\"]+$", "^\\w+@\\w+\\.com$",
        "^.{2,8}$", "^[\\u00e0-\\u00ff]+$", "x?y*z+", "^[0-9a-f]{6}$", "^(?:ab|cd){1,3}e?$", "^\\S+ \\S+$", "q", "^[A-Za-z_][A-Za-z0-9_]*$",
    ];

    private static readonly string[] Formats = ["date", "date-time", "time", "email", "uuid", "ipv4", "hostname"];

    private static readonly string[] Words = ["id", "name", "value", "items", "kind", "count", "note", "flag", "score", "when", "tags", "child", "a b", "ünï", "x\"q"];

    private readonly Random _rng = new(seed);
    private JsonObject? _defs;
    private int _defCount;
    private string _defsKeyword = "$defs";

    public string Next()
    {
        _defs = null;
        _defCount = 0;
        _defsKeyword = _rng.NextDouble() < 0.7 ? "$defs" : "definitions";
        var root = Object(0, strict: _rng.NextDouble() < 0.6);
        if (_defs is not null)
            root[_defsKeyword] = _defs;
        return root.ToJsonString();
    }

    private JsonObject Schema(int depth, bool strict)
    {
        var roll = _rng.Next(depth >= 3 ? 9 : 14);
        return roll switch
        {
            0 => String(),
            1 => String(),
            2 => Integer(),
            3 => Number(),
            4 => new JsonObject { ["type"] = "boolean" },
            5 => Enum(),
            6 => new JsonObject { ["const"] = Literal() },
            7 => Union(),
            8 => new JsonObject { ["type"] = "null" },
            9 => Object(depth + 1, strict),
            10 => Array(depth + 1, strict),
            11 => AnyOf(depth + 1, strict),
            12 => Ref(depth + 1, strict),
            _ => Object(depth + 1, strict),
        };
    }

    private JsonObject Object(int depth, bool strict)
    {
        var props = new JsonObject();
        var required = new JsonArray();
        var count = _rng.Next(0, depth == 0 ? 6 : 4) + (depth == 0 ? 1 : 0);
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var name = Words[_rng.Next(Words.Length)] + (_rng.Next(3) == 0 ? i.ToString(CultureInfo.InvariantCulture) : "");
            if (!used.Add(name))
                continue;
            props[name] = Schema(depth, strict);
            if (strict || _rng.NextDouble() < 0.5)
                required.Add(name);
        }
        var schema = new JsonObject { ["type"] = "object", ["properties"] = props, ["required"] = required };
        if (strict)
            schema["additionalProperties"] = false;
        else
        {
            switch (_rng.Next(4))
            {
                case 0: schema["additionalProperties"] = false; break;
                case 1: schema["additionalProperties"] = true; break;
                case 2: schema["additionalProperties"] = new JsonObject { ["type"] = _rng.Next(2) == 0 ? "integer" : "string" }; break;
            }
        }
        return schema;
    }

    private JsonObject Array(int depth, bool strict)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = Schema(depth, strict) };
        var min = _rng.Next(4) == 0 ? _rng.Next(0, 3) : -1;
        var max = _rng.Next(2) == 0 ? Math.Max(min, 0) + _rng.Next(0, 4) : -1;
        if (min >= 0)
            schema["minItems"] = min;
        if (max >= 0)
            schema["maxItems"] = max;
        return schema;
    }

    private JsonObject String()
    {
        var schema = new JsonObject { ["type"] = "string" };
        switch (_rng.Next(6))
        {
            case 0:
                schema["pattern"] = Patterns[_rng.Next(Patterns.Length)];
                break;
            case 1:
                schema["format"] = Formats[_rng.Next(Formats.Length)];
                break;
            case 2:
                var min = _rng.Next(0, 4);
                schema["minLength"] = min;
                if (_rng.Next(2) == 0)
                    schema["maxLength"] = min + _rng.Next(0, 12);
                break;
            case 3:
                schema["maxLength"] = _rng.Next(0, 6);
                break;
        }
        return schema;
    }

    private JsonObject Integer()
    {
        var schema = new JsonObject { ["type"] = "integer" };
        AddBounds(schema, integral: true);
        return schema;
    }

    private JsonObject Number()
    {
        var schema = new JsonObject { ["type"] = "number" };
        AddBounds(schema, integral: false);
        return schema;
    }

    private void AddBounds(JsonObject schema, bool integral)
    {
        double Value() => integral || _rng.Next(2) == 0 ? _rng.Next(-1000, 1000) : Math.Round((_rng.NextDouble() - 0.5) * 200, 2);
        var lo = Value();
        var hi = lo + (integral ? _rng.Next(0, 3000) : Math.Round(_rng.NextDouble() * 500, 2) + 2);
        switch (_rng.Next(6))
        {
            case 0: schema["minimum"] = lo; break;
            case 1: schema["maximum"] = hi; break;
            case 2: schema["minimum"] = lo; schema["maximum"] = hi; break;
            case 3: schema["exclusiveMinimum"] = lo; schema["exclusiveMaximum"] = hi; break;
            case 4: schema["minimum"] = lo; schema["exclusiveMaximum"] = hi; break;
        }
    }

    private JsonObject Enum()
    {
        var values = new JsonArray();
        var n = _rng.Next(1, 6);
        var typed = _rng.Next(2) == 0;
        for (var i = 0; i < n; i++)
            values.Add(typed ? JsonValue.Create(Words[_rng.Next(Words.Length)] + i.ToString(CultureInfo.InvariantCulture)) : Literal());
        var schema = new JsonObject { ["enum"] = values };
        if (typed)
            schema["type"] = "string";
        return schema;
    }

    private JsonNode? Literal() => _rng.Next(6) switch
    {
        0 => JsonValue.Create(_rng.Next(-50, 50)),
        1 => JsonValue.Create(Words[_rng.Next(Words.Length)]),
        2 => JsonValue.Create(_rng.Next(2) == 0),
        3 => null,
        4 => new JsonObject { ["k"] = _rng.Next(10) },
        _ => new JsonArray(1, "two", null),
    };

    private JsonObject Union()
    {
        string[][] unions = [["string", "null"], ["integer", "null"], ["number", "string"], ["boolean", "null"], ["integer", "string", "null"]];
        var types = new JsonArray();
        foreach (var t in unions[_rng.Next(unions.Length)])
            types.Add(t);
        return new JsonObject { ["type"] = types };
    }

    private JsonObject AnyOf(int depth, bool strict)
    {
        var branches = new JsonArray();
        var n = _rng.Next(2, 4);
        for (var i = 0; i < n; i++)
            branches.Add(Schema(depth, strict));
        return new JsonObject { ["anyOf"] = branches };
    }

    private JsonObject Ref(int depth, bool strict)
    {
        _defs ??= [];
        var name = "d" + _defCount++.ToString(CultureInfo.InvariantCulture);
        var keyword = _defsKeyword;
        if (_rng.Next(3) == 0)
        {
            // Recursive definition with a base case: an object whose child is optional or nullable.
            _defs[name] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["v"] = new JsonObject { ["type"] = "integer" },
                    ["next"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/{keyword}/{name}" }, new JsonObject { ["type"] = "null" }) },
                },
                ["required"] = new JsonArray("v", "next"),
                ["additionalProperties"] = false,
            };
        }
        else
            _defs[name] = Schema(depth, strict);
        return new JsonObject { ["$ref"] = $"#/{keyword}/{name}" };
    }
}
