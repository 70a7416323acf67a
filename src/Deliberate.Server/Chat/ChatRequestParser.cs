using System.Text.Json;
using Deliberate.Server.Contracts;
using Deliberate.Server.Endpoints;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Chat;

/// <summary>
/// Bytes → <see cref="ChatCompletionRequest"/>, with OpenAI's error for each way that can fail: unparsable JSON,
/// a non-object body, an unknown top-level field, a wrong type (param = the JSON path of the offending value).
/// </summary>
public static class ChatRequestParser
{
    public static ChatCompletionRequest Parse(ReadOnlyMemory<byte> body)
    {
        using (var document = RequestBody.ParseObject(body))
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!ChatCompletionRequest.KnownFields.Contains(property.Name))
                {
                    throw ApiException.Unrecognized(property.Name);
                }
            }

            try
            {
                return document.RootElement.Deserialize(WireJsonContext.Default.ChatCompletionRequest)
                    ?? throw ApiException.Invalid("The request body must be a JSON object.");
            }
            catch (InvalidOperationException e)
            {
                throw ApiException.Invalid($"Invalid request body: {e.Message}");
            }
            catch (JsonException e)
            {
                var param = ParamFromPath(e.Path);
                throw ApiException.Invalid($"Invalid type or value for '{param}': {FirstSentence(e.Message)}", param, "invalid_type");
            }
        }
    }

    /// <summary><c>$.messages[0].content</c> → <c>messages[0].content</c>.</summary>
    private static string ParamFromPath(string? path) =>
        string.IsNullOrEmpty(path) ? "(body)" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..(cut + 1)] : message;
    }
}
