using System.Text.Json;
using System.Text.RegularExpressions;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Grammar;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Chat;

/// <summary>
/// The tools a request declares and the constraint its <c>tool_choice</c> / <c>response_format</c> put on the answer
/// (whether calls are parsed out of the answer follows from both, in the engine: tools declared, calls not forbidden).
/// </summary>
public sealed record StructuredOutputs(IReadOnlyList<JsonElement> Tools, OutputConstraint? Constraint)
{
    public static StructuredOutputs None { get; } = new([], null);
}

/// <summary>
/// Validates <c>tools</c>, <c>tool_choice</c> and <c>response_format</c> as OpenAI does (each problem a 400 naming the
/// parameter), checks strict schemas against OpenAI's strict subset, and compiles the grammar before any response
/// byte is written. A forced tool call (<c>required</c> or a named function) wins over a JSON response format.
/// </summary>
public static partial class StructuredOutputsParser
{
    private const int MaxTools = 128;

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    public static StructuredOutputs Parse(ChatCompletionRequest r)
    {
        var tools = ParseTools(r.Tools);
        var choice = ParseToolChoice(r.ToolChoice, tools);
        var format = ParseResponseFormat(r.ResponseFormat);
        var elements = tools.Select(t => t.Element).ToList();
        var signatures = tools.Select(t => t.Signature).ToList();
        OutputConstraint? constraint = choice switch
        {
            { Mode: "required" } => Compile(() => OutputConstraints.ToolCall(signatures), "tools"),
            { Mode: "function" } c => Compile(() => OutputConstraints.ToolCall([signatures.First(s => s.Name == c.Name)]), "tool_choice"),
            { Mode: "none" } when tools.Count > 0 => OutputConstraints.NoToolCalls(),
            // auto: text or calls, and the calls the model opens are held to the declared tools (with a
            // response_format the answer's format wins; calls are then parsed as written).
            { Mode: "auto" } when tools.Count > 0 && format is null => Compile(() => OutputConstraints.OptionalToolCalls(signatures), "tools"),
            _ => format,
        };
        return new StructuredOutputs(elements, constraint);
    }

    private sealed record Tool(JsonElement Element, ToolSignature Signature);

    private sealed record ToolChoice(string Mode, string? Name = null);

    private static List<Tool> ParseTools(List<JsonElement>? tools)
    {
        if (tools is null)
        {
            return [];
        }

        if (tools.Count > MaxTools)
        {
            throw ApiException.Invalid($"Invalid 'tools': array too long. Expected an array with maximum length {MaxTools}, but got an array with length {tools.Count} instead.", "tools", "array_above_max_length");
        }

        var result = new List<Tool>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            var param = $"tools[{i}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid($"Invalid type for '{param}': expected an object.", param, "invalid_type");
            }

            if (!tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Invalid($"Missing required parameter: '{param}.type'.", $"{param}.type", "missing_required_parameter");
            }

            if (type.GetString() != "function")
            {
                throw ApiException.Invalid($"Invalid value: '{type.GetString()}'. Supported values are: 'function'.", $"{param}.type", "invalid_value");
            }

            if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid($"Missing required parameter: '{param}.function'.", $"{param}.function", "missing_required_parameter");
            }

            var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
                : throw ApiException.Invalid($"Missing required parameter: '{param}.function.name'.", $"{param}.function.name", "missing_required_parameter");
            if (!NamePattern().IsMatch(name))
            {
                throw ApiException.Invalid($"Invalid '{param}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.", $"{param}.function.name", "invalid_value");
            }

            if (result.Any(t => t.Signature.Name == name))
            {
                throw ApiException.Invalid($"Invalid 'tools': duplicate function name '{name}'.", $"{param}.function.name", "invalid_value");
            }

            string? schema = null;
            if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
            {
                schema = parameters.ValueKind == JsonValueKind.Object ? parameters.GetRawText()
                    : throw ApiException.Invalid($"Invalid type for '{param}.function.parameters': expected an object.", $"{param}.function.parameters", "invalid_type");
            }

            var strict = function.TryGetProperty("strict", out var s) && s.ValueKind == JsonValueKind.True;
            if (strict)
            {
                RequireStrictSubset(schema ?? """{"type":"object","properties":{},"additionalProperties":false}""", $"function '{name}'", $"{param}.function.parameters", "invalid_function_parameters");
            }

            var signature = new ToolSignature(name, schema, strict);
            // Compile now so an unusable schema is a 400 here, not a failure mid-generation.
            Compile(() => OutputConstraints.ToolCall([signature]), $"{param}.function.parameters");
            result.Add(new Tool(tool, signature));
        }

        return result;
    }

    private static ToolChoice ParseToolChoice(JsonElement? value, List<Tool> tools)
    {
        if (value is not { } choice || choice.ValueKind == JsonValueKind.Null)
        {
            return new ToolChoice(tools.Count > 0 ? "auto" : "none");
        }

        if (tools.Count == 0 && !(choice.ValueKind == JsonValueKind.String && choice.GetString() == "none"))
        {
            throw ApiException.Invalid("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice", "invalid_value");
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "none" or "auto" or "required" => new ToolChoice(choice.GetString()!),
                var other => throw ApiException.Invalid($"Invalid value: '{other}'. Supported values are: 'none', 'auto', and 'required'.", "tool_choice", "invalid_value"),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("type", out var type) || type.GetString() != "function"
            || !choice.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw ApiException.Invalid("Invalid 'tool_choice': expected 'none', 'auto', 'required' or {\"type\": \"function\", \"function\": {\"name\": …}}.", "tool_choice", "invalid_type");
        }

        var wanted = name.GetString()!;
        return tools.Any(t => t.Signature.Name == wanted) ? new ToolChoice("function", wanted)
            : throw ApiException.Invalid($"Invalid value for 'tool_choice': no function named '{wanted}' was specified in the 'tools' parameter.", "tool_choice", "invalid_value");
    }

    private static OutputConstraint? ParseResponseFormat(JsonElement? value)
    {
        if (value is not { } format || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw ApiException.Invalid("Invalid 'response_format': expected an object with a string 'type'.", "response_format", "invalid_type");
        }

        switch (type.GetString())
        {
            case "text":
                return null;
            case "json_object":
                return OutputConstraints.JsonObject();
            case "json_schema":
                break;
            default:
                throw ApiException.Invalid($"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'json_object', and 'json_schema'.", "response_format.type", "invalid_value");
        }

        if (!format.TryGetProperty("json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema", "missing_required_parameter");
        }

        var name = spec.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
            : throw ApiException.Invalid("Missing required parameter: 'response_format.json_schema.name'.", "response_format.json_schema.name", "missing_required_parameter");
        if (!NamePattern().IsMatch(name))
        {
            throw ApiException.Invalid("Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.", "response_format.json_schema.name", "invalid_value");
        }

        var strict = spec.TryGetProperty("strict", out var s) && s.ValueKind == JsonValueKind.True;
        if (!spec.TryGetProperty("schema", out var schema) || schema.ValueKind == JsonValueKind.Null)
        {
            return strict ? throw ApiException.Invalid("Missing required parameter: 'response_format.json_schema.schema' (strict mode needs a schema).", "response_format.json_schema.schema", "missing_required_parameter")
                : OutputConstraints.JsonObject();
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("Invalid type for 'response_format.json_schema.schema': expected an object.", "response_format.json_schema.schema", "invalid_type");
        }

        var text = schema.GetRawText();
        if (strict)
        {
            RequireStrictSubset(text, $"response_format '{name}'", "response_format", "invalid_json_schema");
        }

        return Compile(() => OutputConstraints.JsonSchema(text, strict), "response_format");
    }

    /// <summary>OpenAI's message shape: "Invalid schema for X: In context=(…), …".</summary>
    private static void RequireStrictSubset(string schema, string what, string param, string code)
    {
        var issues = StrictSchemaValidator.Validate(schema);
        if (issues.Count > 0)
        {
            var first = issues[0];
            throw ApiException.Invalid($"Invalid schema for {what}: In context=({first.JsonPointer}), {first.Message}.", param, code);
        }
    }

    private static OutputConstraint Compile(Func<OutputConstraint> build, string param)
    {
        try
        {
            return build();
        }
        catch (SchemaCompileException e)
        {
            throw ApiException.Invalid($"Invalid schema in '{param}': {e.Message}", param, "invalid_json_schema");
        }
    }
}
