using System.Text.Json;
using System.Text.Json.Nodes;
using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Chat;

/// <summary>A tool the model may call: its name and the JSON Schema of its arguments (null: no arguments).</summary>
public sealed record ToolSignature(string Name, string? ParametersSchema, bool Strict = false);

/// <summary>
/// Builds the <see cref="OutputConstraint"/>s behind the API's options: <c>response_format</c> (JSON mode, JSON
/// Schema) and <c>tool_choice</c> (a forced call, written in the Qwen/Hermes <c>&lt;tool_call&gt;</c> syntax that
/// deliberate-nano shares, whose JSON names one of the tools and carries arguments valid for it).
/// </summary>
public static class OutputConstraints
{
    /// <summary>The tag a tool call opens with; forbidden in the answer when tools may not be called.</summary>
    public const string ToolCallOpen = "<tool_call>";

    /// <summary>Grammar options for schemas the caller did not mark strict: keywords we cannot enforce are skipped.</summary>
    public static GrammarOptions Lenient { get; } = GrammarOptions.Default with { RejectUnsupportedKeywords = false };

    /// <summary>How models open a refusal; the API offers them as the alternative to a JSON answer.</summary>
    public static IReadOnlyList<string> DefaultRefusalPrefixes { get; } = ["I'm sorry", "I am sorry", "I can't", "I cannot", "Sorry,"];

    /// <summary>JSON mode: the answer is a JSON object (or a refusal).</summary>
    public static OutputConstraint JsonObject() => new() { Grammar = JsonSchemaGrammar.JsonObject(), RefusalPrefixes = DefaultRefusalPrefixes };

    /// <summary>The answer is a JSON value of <paramref name="schemaJson"/> (or a refusal).</summary>
    /// <exception cref="SchemaCompileException">The schema cannot be compiled (with <paramref name="strict"/>, unsupported keywords too).</exception>
    public static OutputConstraint JsonSchema(string schemaJson, bool strict) =>
        new() { Grammar = JsonSchemaGrammar.Compile(schemaJson, strict ? GrammarOptions.Default : Lenient), RefusalPrefixes = DefaultRefusalPrefixes };

    /// <summary>The answer is exactly one call of one of <paramref name="tools"/>, with schema-valid arguments.</summary>
    /// <exception cref="SchemaCompileException">A parameters schema cannot be compiled.</exception>
    public static OutputConstraint ToolCall(IReadOnlyList<ToolSignature> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentOutOfRangeException.ThrowIfZero(tools.Count);
        var branches = new JsonArray();
        foreach (var tool in tools)
        {
            var parameters = tool.ParametersSchema is null
                ? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject(), ["additionalProperties"] = false }
                : ClosedArguments(JsonNode.Parse(tool.ParametersSchema));
            branches.Add((JsonNode)new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["name"] = new JsonObject { ["const"] = tool.Name }, ["arguments"] = parameters },
                ["required"] = new JsonArray("name", "arguments"),
                ["additionalProperties"] = false,
            });
        }

        var schema = branches.Count == 1 ? branches[0]!.DeepClone() : new JsonObject { ["anyOf"] = branches };
        var strict = tools.All(t => t.Strict);
        return new OutputConstraint
        {
            Grammar = JsonSchemaGrammar.Compile(schema.ToJsonString(), strict ? GrammarOptions.Default : Lenient),
            Prefix = ToolCallOpen + "\n",
            Suffix = "\n</tool_call>",
        };
    }

    /// <summary>
    /// A call's arguments are the declared parameters only: a schema that lists <c>properties</c> and does not say
    /// whether others are allowed is closed, as llama.cpp's tool-call grammars close it (JSON Schema would allow any
    /// extra key, and a small model given that freedom invents parameters the tool does not take). A schema with
    /// <c>patternProperties</c> stays open: the grammar skips that keyword, and closing would forbid the keys it allows.
    /// </summary>
    private static JsonNode? ClosedArguments(JsonNode? parameters)
    {
        if (parameters is JsonObject schema && schema.ContainsKey("properties") && !schema.ContainsKey("additionalProperties")
            && !schema.ContainsKey("patternProperties"))
        {
            schema["additionalProperties"] = false;
        }

        return parameters;
    }

    /// <summary>
    /// <c>tool_choice: auto</c>: the model may answer in text or call tools; each call it opens with
    /// <see cref="ToolCallOpen"/> is held to <see cref="ToolCall"/>'s grammar (a declared name, schema-valid arguments).
    /// </summary>
    /// <exception cref="SchemaCompileException">A parameters schema cannot be compiled.</exception>
    public static OutputConstraint OptionalToolCalls(IReadOnlyList<ToolSignature> tools) =>
        ToolCall(tools) with { Trigger = ToolCallOpen, Prefix = "\n" };

    /// <summary>No tool call may be written (<c>tool_choice: none</c>).</summary>
    public static OutputConstraint NoToolCalls() => new() { ForbiddenTokens = [ToolCallOpen] };

    /// <summary>The tool signatures of OpenAI <c>tools</c> entries (<c>{"type":"function","function":{…}}</c>).</summary>
    public static IReadOnlyList<ToolSignature> SignaturesOf(IEnumerable<JsonElement> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var result = new List<ToolSignature>();
        foreach (var tool in tools)
        {
            if (!tool.TryGetProperty("function", out var function) || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var parameters = function.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetRawText() : null;
            var strict = function.TryGetProperty("strict", out var s) && s.ValueKind == JsonValueKind.True;
            result.Add(new ToolSignature(name.GetString()!, parameters, strict));
        }

        return result;
    }
}
