using System.Text;
using System.Text.Json;
using Deliberate.Server.Endpoints;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Moderation;

/// <summary>
/// Bytes → <see cref="ModerationRequest"/> with OpenAI's error for each way that can fail. <c>input</c> is a string,
/// an array of strings (one result each) or an array of content parts (one input: its text parts joined; image parts
/// are refused, the classifier reads text only). Caps bound the work one request can ask for.
/// </summary>
public static class ModerationRequestParser
{
    public const int MaxInputs = 256;
    public const int MaxInputCharacters = 65_536;
    public const int MaxTotalCharacters = 1_048_576;

    public static ModerationRequest Parse(ReadOnlyMemory<byte> body)
    {
        using var document = RequestBody.ParseObject(body);
        var root = document.RootElement;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("input" or "model"))
            {
                throw ApiException.Unrecognized(property.Name);
            }
        }

        var model = ModerationModelNames.Id;
        if (root.TryGetProperty("model", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            model = name.ValueKind == JsonValueKind.String ? name.GetString()! : throw InvalidType("model", "a string", name);
            if (!ModerationModelNames.Contains(model))
            {
                throw ApiException.ModelNotFound(model);
            }
        }

        if (!root.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw ApiException.Invalid("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }

        var inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array => ArrayInput(input),
            _ => throw InvalidType("input", "a string, an array of strings or an array of content parts", input),
        };
        CheckSizes(inputs, input.ValueKind == JsonValueKind.String);
        return new ModerationRequest(inputs, model);
    }

    private static List<string> ArrayInput(JsonElement input)
    {
        var count = input.GetArrayLength();
        if (count == 0)
        {
            throw ApiException.Invalid("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", "input", "empty_array");
        }

        if (count > MaxInputs)
        {
            throw ApiException.Invalid($"Invalid 'input': array too long. Expected an array with maximum length {MaxInputs}, but got an array with length {count} instead.", "input", "array_above_max_length");
        }

        return input[0].ValueKind == JsonValueKind.Object ? [Parts(input)] : Strings(input);
    }

    private static List<string> Strings(JsonElement input)
    {
        var strings = new List<string>();
        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            strings.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw InvalidType($"input[{i}]", "a string", item));
            i++;
        }

        return strings;
    }

    /// <summary>Content parts make one input, as OpenAI scores a multi-modal array as one item.</summary>
    private static string Parts(JsonElement input)
    {
        var text = new StringBuilder();
        var i = 0;
        foreach (var part in input.EnumerateArray())
        {
            var param = $"input[{i}]";
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Invalid($"Invalid '{param}': expected an object with a string 'type' (every item of a content-part array is one).", param, "invalid_type");
            }

            switch (type.GetString())
            {
                case "text" when part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String:
                    text.Append(text.Length > 0 ? "\n" : "").Append(t.GetString());
                    break;
                case "text":
                    throw ApiException.Invalid($"Missing required parameter: '{param}.text' (a string).", $"{param}.text", "missing_required_parameter");
                case "image_url":
                    throw ApiException.Invalid("Image inputs are not supported: this moderation model classifies text only.", $"{param}.type", "unsupported_value");
                default:
                    throw ApiException.Invalid($"Invalid value: '{Truncate(type.GetString()!)}'. Supported values are: 'text' and 'image_url'.", $"{param}.type", "invalid_value");
            }

            i++;
        }

        return text.ToString();
    }

    private static void CheckSizes(List<string> inputs, bool single)
    {
        long total = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Length > MaxInputCharacters)
            {
                var param = single ? "input" : $"input[{i}]";
                throw ApiException.Invalid($"Invalid '{param}': string too long. Expected a string with maximum length {MaxInputCharacters}, but got a string with length {inputs[i].Length} instead.", param, "string_above_max_length");
            }

            total += inputs[i].Length;
        }

        if (total > MaxTotalCharacters)
        {
            throw ApiException.Invalid($"Invalid 'input': {total} characters in all; at most {MaxTotalCharacters} are accepted per request.", "input", "string_above_max_length");
        }
    }

    private static ApiException InvalidType(string param, string expected, JsonElement got) =>
        ApiException.Invalid($"Invalid type for '{param}': expected {expected}, but got {Describe(got)} instead.", param, "invalid_type");

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
