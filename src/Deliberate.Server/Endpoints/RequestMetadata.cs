using System.Text.Json;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// OpenAI's <c>metadata</c> (chat completions, batches): at most 16 pairs, keys up to 64 characters, string values up
/// to 512 characters; anything else is a 400 naming <c>metadata</c>.
/// </summary>
public static class RequestMetadata
{
    public const int MaxPairs = 16;
    public const int MaxKeyLength = 64;
    public const int MaxValueLength = 512;

    public static void Validate(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is not null && (metadata.Count > MaxPairs || metadata.Any(kv => kv.Key.Length > MaxKeyLength || kv.Value is null || kv.Value.Length > MaxValueLength)))
        {
            throw Invalid();
        }
    }

    /// <summary>The pairs of a JSON object of strings (null stays null), checked.</summary>
    public static Dictionary<string, string>? Parse(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid();
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            pairs[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : throw Invalid();
        }

        Validate(pairs);
        return pairs;
    }

    private static ApiException Invalid() =>
        ApiException.Invalid($"Invalid 'metadata': at most {MaxPairs} pairs, keys up to {MaxKeyLength} characters, string values up to {MaxValueLength} characters.", "metadata", "invalid_value");
}
