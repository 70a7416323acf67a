using System.Text.Json;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// Checks a schema against OpenAI's strict-mode subset (Structured Outputs, <c>strict: true</c> tools), so the
/// server can answer with OpenAI's 400 and a <c>param</c> naming the place: the root is an object (not anyOf);
/// every object has <c>additionalProperties: false</c> and lists all its properties in <c>required</c>; only
/// supported keywords, types and formats appear; $ref is local and resolves; and the size limits hold
/// (nesting depth, property count, enum counts and characters). Returns every issue found, in document order.
/// </summary>
public static class StrictSchemaValidator
{
    private static readonly HashSet<string> Annotations = ["description", "title", "$schema", "$id", "$comment"];
    private static readonly HashSet<string> Structural = ["type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs", "definitions"];
    private static readonly HashSet<string> StringKeywords = ["pattern", "format"];
    private static readonly HashSet<string> NumberKeywords = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
    private static readonly HashSet<string> ArrayKeywords = ["minItems", "maxItems"];
    private static readonly HashSet<string> Types = ["string", "number", "integer", "boolean", "object", "array", "null"];
    private static readonly HashSet<string> Formats = ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"];

    public static IReadOnlyList<SchemaIssue> Validate(string schemaJson, StrictSchemaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(schemaJson, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            return [new SchemaIssue("#", "schema is not valid JSON: " + e.Message)];
        }
        using (doc)
        {
            var walk = new Walk(doc.RootElement, limits ?? StrictSchemaLimits.Current);
            walk.Run();
            return walk.Issues;
        }
    }

    private sealed class Walk(JsonElement root, StrictSchemaLimits limits)
    {
        private int _properties;
        private int _chars;
        private int _enumValues;

        public List<SchemaIssue> Issues { get; } = [];

        public void Run()
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Add("#", "schema must be a JSON object");
                return;
            }
            if (root.TryGetProperty("anyOf", out _))
                Add("#", "root schema must not be anyOf; it must be an object");
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
                Add("#", "root schema must have type \"object\"");
            Schema(root, "#", 0, 0);
            if (_properties > limits.MaxProperties)
                Add("#", $"schema has {_properties} object properties; at most {limits.MaxProperties} are allowed");
            if (_enumValues > limits.MaxEnumValues)
                Add("#", $"schema has {_enumValues} enum values; at most {limits.MaxEnumValues} are allowed");
            if (_chars > limits.MaxTotalNameAndValueChars)
                Add("#", $"property names, definition names, enum and const values total {_chars} characters; at most {limits.MaxTotalNameAndValueChars} are allowed");
        }

        private void Add(string pointer, string message) => Issues.Add(new SchemaIssue(pointer, message));

        private void Schema(JsonElement schema, string pointer, int depth, int guard)
        {
            if (guard > 200)
            {
                Add(pointer, "schema nested too deeply");
                return;
            }
            if (schema.ValueKind != JsonValueKind.Object)
            {
                Add(pointer, "schema must be a JSON object");
                return;
            }
            var types = ReadTypes(schema, pointer);
            foreach (var p in schema.EnumerateObject())
            {
                var name = p.Name;
                var allowed = Annotations.Contains(name) || Structural.Contains(name)
                    || (StringKeywords.Contains(name) && limits.AllowStringPatternAndFormat)
                    || (NumberKeywords.Contains(name) && limits.AllowNumericBounds)
                    || (ArrayKeywords.Contains(name) && limits.AllowArrayCounts);
                if (!allowed)
                    Add(Child(pointer, name), $"'{name}' is not permitted");
            }
            var isObject = types.Contains("object") || schema.TryGetProperty("properties", out _);
            var isArray = types.Contains("array") || schema.TryGetProperty("items", out _);
            var level = depth + (isObject || isArray ? 1 : 0);
            if (level > limits.MaxNestingDepth)
                Add(pointer, $"schema nesting depth exceeds {limits.MaxNestingDepth}");
            if (isObject)
                ObjectRules(schema, pointer, level, guard);
            if (schema.TryGetProperty("items", out var items))
                Schema(items, pointer + "/items", level, guard + 1);
            if (schema.TryGetProperty("anyOf", out var anyOf))
            {
                if (anyOf.ValueKind != JsonValueKind.Array || anyOf.GetArrayLength() == 0)
                    Add(pointer + "/anyOf", "anyOf must be a non-empty array of schemas");
                else
                {
                    var i = 0;
                    foreach (var branch in anyOf.EnumerateArray())
                        Schema(branch, $"{pointer}/anyOf/{i++}", depth, guard + 1);
                }
            }
            if (schema.TryGetProperty("enum", out var values))
                Enum(values, pointer + "/enum");
            if (schema.TryGetProperty("const", out var constant))
                _chars += ValueChars(constant);
            if (schema.TryGetProperty("format", out var format) && limits.AllowStringPatternAndFormat
                && (format.ValueKind != JsonValueKind.String || !Formats.Contains(format.GetString()!)))
                Add(pointer + "/format", $"format {format.GetRawText()} is not supported");
            if (schema.TryGetProperty("pattern", out var pattern) && pattern.ValueKind != JsonValueKind.String)
                Add(pointer + "/pattern", "pattern must be a string");
            if (schema.TryGetProperty("$ref", out var reference))
                Reference(reference, pointer + "/$ref");
            foreach (var defsName in (ReadOnlySpan<string>)["$defs", "definitions"])
            {
                if (!schema.TryGetProperty(defsName, out var defs))
                    continue;
                if (defs.ValueKind != JsonValueKind.Object)
                {
                    Add(Child(pointer, defsName), $"{defsName} must be an object");
                    continue;
                }
                foreach (var def in defs.EnumerateObject())
                {
                    _chars += def.Name.Length;
                    Schema(def.Value, Child(Child(pointer, defsName), def.Name), 0, guard + 1);
                }
            }
            if (!schema.TryGetProperty("type", out _) && !schema.TryGetProperty("$ref", out _) && !schema.TryGetProperty("anyOf", out _)
                && !schema.TryGetProperty("enum", out _) && !schema.TryGetProperty("const", out _))
                Add(pointer, "schema must have a type (or be $ref, anyOf, enum or const)");
        }

        private void ObjectRules(JsonElement schema, string pointer, int level, int guard)
        {
            if (!schema.TryGetProperty("additionalProperties", out var additional))
                Add(pointer, "additionalProperties must be set to false on every object");
            else if (additional.ValueKind != JsonValueKind.False)
                Add(pointer + "/additionalProperties", "additionalProperties must be false");
            var required = new HashSet<string>(StringComparer.Ordinal);
            if (schema.TryGetProperty("required", out var req))
            {
                if (req.ValueKind != JsonValueKind.Array)
                    Add(pointer + "/required", "required must be an array of property names");
                else
                {
                    foreach (var r in req.EnumerateArray())
                    {
                        if (r.ValueKind == JsonValueKind.String)
                            required.Add(r.GetString()!);
                        else
                            Add(pointer + "/required", "required must be an array of property names");
                    }
                }
            }
            if (!schema.TryGetProperty("properties", out var properties))
                return;
            if (properties.ValueKind != JsonValueKind.Object)
            {
                Add(pointer + "/properties", "properties must be an object");
                return;
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in properties.EnumerateObject())
            {
                names.Add(p.Name);
                _properties++;
                _chars += p.Name.Length;
                if (!required.Contains(p.Name))
                    Add(pointer + "/required", $"'{p.Name}' must be listed in required (all properties are required; use a null union for optional values)");
                Schema(p.Value, Child(pointer + "/properties", p.Name), level, guard + 1);
            }
            foreach (var r in required)
            {
                if (!names.Contains(r))
                    Add(pointer + "/required", $"required lists '{r}', which is not in properties");
            }
        }

        private void Enum(JsonElement values, string pointer)
        {
            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            {
                Add(pointer, "enum must be a non-empty array");
                return;
            }
            var count = 0;
            var chars = 0;
            var allStrings = true;
            foreach (var v in values.EnumerateArray())
            {
                count++;
                chars += ValueChars(v);
                allStrings &= v.ValueKind == JsonValueKind.String;
            }
            _enumValues += count;
            _chars += chars;
            if (allStrings && count > limits.LargeEnumThreshold && chars > limits.MaxLargeEnumChars)
                Add(pointer, $"a string enum with more than {limits.LargeEnumThreshold} values may total at most {limits.MaxLargeEnumChars} characters (has {chars})");
        }

        private static int ValueChars(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString()!.Length : v.GetRawText().Length;

        private void Reference(JsonElement reference, string pointer)
        {
            if (reference.ValueKind != JsonValueKind.String)
            {
                Add(pointer, "$ref must be a string");
                return;
            }
            var text = reference.GetString()!;
            if (text == "#")
                return;
            if (!text.StartsWith("#/", StringComparison.Ordinal))
            {
                Add(pointer, $"only local references (#/...) are supported, got '{text}'");
                return;
            }
            var current = root;
            foreach (var raw in Uri.UnescapeDataString(text[2..]).Split('/'))
            {
                var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child))
                    current = child;
                else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var i) && i >= 0 && i < current.GetArrayLength())
                    current = current[i];
                else
                {
                    Add(pointer, $"$ref '{text}' does not resolve");
                    return;
                }
            }
        }

        private List<string> ReadTypes(JsonElement schema, string pointer)
        {
            var result = new List<string>();
            if (!schema.TryGetProperty("type", out var type))
                return result;
            if (type.ValueKind == JsonValueKind.String)
                result.Add(type.GetString()!);
            else if (type.ValueKind == JsonValueKind.Array)
            {
                foreach (var t in type.EnumerateArray())
                {
                    if (t.ValueKind == JsonValueKind.String)
                        result.Add(t.GetString()!);
                    else
                        Add(pointer + "/type", "type entries must be strings");
                }
            }
            else
                Add(pointer + "/type", "type must be a string or an array of strings");
            foreach (var t in result)
            {
                if (!Types.Contains(t))
                    Add(pointer + "/type", $"type '{t}' is not supported");
            }
            return result;
        }

        private static string Child(string pointer, string name) => pointer + "/" + SchemaCompiler.EscapePointer(name);
    }
}
