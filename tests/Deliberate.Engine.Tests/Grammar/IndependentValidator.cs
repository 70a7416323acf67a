using System.Text;
using System.Text.Json;
using NJsonSchema;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>Checks outputs with references that share no code with the grammar: System.Text.Json and NJsonSchema.</summary>
internal static class IndependentValidator
{
    /// <summary>Null when <paramref name="output"/> parses and validates against <paramref name="schemaJson"/>; else why not.</summary>
    public static string? Check(string schemaJson, byte[] output)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(output);
            using var doc = JsonDocument.Parse(output);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            return "does not parse: " + e.Message;
        }
        // NJsonSchema resolves "#/definitions/..." but not the newer "$defs"; the rename keeps the meaning.
        var forReference = schemaJson.Replace("\"$defs\"", "\"definitions\"", StringComparison.Ordinal)
            .Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal);
        var schema = JsonSchema.FromJsonAsync(forReference).GetAwaiter().GetResult();
        var errors = schema.Validate(text);
        return errors.Count == 0 ? null : string.Join("; ", errors.Select(e => e.ToString()));
    }
}
