using System.Collections.Concurrent;
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
        var schema = Schemas.GetOrAdd(schemaJson, Parse);
        var errors = schema.Validate(text);
        return errors.Count == 0 ? null : string.Join("; ", errors.Select(e => e.ToString()));
    }

    /// <summary>Parsed once per schema text: tests that check every step of a generation validate thousands of outputs.</summary>
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    private static JsonSchema Parse(string schemaJson)
    {
        // NJsonSchema resolves "#/definitions/..." but not the newer "$defs"; the rename keeps the meaning.
        var forReference = schemaJson.Replace("\"$defs\"", "\"definitions\"", StringComparison.Ordinal)
            .Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal);
        return JsonSchema.FromJsonAsync(forReference).GetAwaiter().GetResult();
    }
}
