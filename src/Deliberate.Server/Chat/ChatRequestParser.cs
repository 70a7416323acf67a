using System.Text.Json;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Chat;

/// <summary>
/// Bytes → <see cref="ChatCompletionRequest"/>, with OpenAI's error for each way that can fail: unparsable JSON,
/// a non-object body, an unknown top-level field, a wrong type (param = the JSON path of the offending value).
/// </summary>
public static class ChatRequestParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static ChatCompletionRequest Parse(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            throw ApiException.Invalid("The request body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            throw ApiException.Invalid("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid("The request body must be a JSON object.");
            }

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
