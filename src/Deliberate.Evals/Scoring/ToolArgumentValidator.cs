using NJsonSchema;

namespace Deliberate.Evals.Scoring;

/// <summary>
/// Whether a tool call's arguments are valid against the tool's declared <c>parameters</c> schema, by JSON Schema's
/// own rules (NJsonSchema). The engine's grammars are not used: they are a generation policy — keys in the order of
/// <c>properties</c>, number ranges approximated, unknown keywords skipped — so they would call some valid arguments
/// invalid (and let some invalid ones through), and an endpoint's model does not write under them.
/// </summary>
internal static class ToolArgumentValidator
{
    /// <summary>True when <paramref name="argumentsJson"/> validates; false too when the schema itself cannot be read.</summary>
    public static bool IsValid(string parametersSchemaJson, string argumentsJson)
    {
        // NJsonSchema resolves "#/definitions/..." but not the newer "$defs" (Pydantic's); the rename keeps the meaning.
        var schemaJson = parametersSchemaJson.Replace("\"$defs\"", "\"definitions\"", StringComparison.Ordinal)
            .Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal);
        JsonSchema schema;
        try
        {
            // A schema without remote references is read without I/O, so waiting here does not block on anything.
            schema = JsonSchema.FromJsonAsync(schemaJson).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            // A suite whose tool schema cannot be read has no valid arguments; the exact score is unaffected.
            return false;
        }

        return schema.Validate(argumentsJson).Count == 0;
    }
}
