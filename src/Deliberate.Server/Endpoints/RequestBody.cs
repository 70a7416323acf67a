using System.Buffers;
using System.Text.Json;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Endpoints;

/// <summary>A JSON request body: the content type checked (415), the bytes read whole, then parsed to an object with OpenAI's errors.</summary>
public static class RequestBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static async Task<ReadOnlyMemory<byte>> ReadJsonAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(415, "Invalid Content-Type header; expected application/json.", "invalid_request_error", null, "unsupported_media_type");
        }

        var buffer = new ArrayBufferWriter<byte>();
        var pipe = context.Request.BodyReader;
        while (true)
        {
            var read = await pipe.ReadAsync(context.RequestAborted);
            foreach (var segment in read.Buffer)
            {
                buffer.Write(segment.Span);
            }

            pipe.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return buffer.WrittenMemory;
            }
        }
    }

    /// <summary>
    /// UTF-8 JSON whose root is an object and whose strings are all Unicode text (the caller disposes the document), or
    /// a 400 saying which it is not: an unpaired surrogate escape is refused here, before any endpoint reads a string.
    /// </summary>
    public static JsonDocument ParseObject(ReadOnlyMemory<byte> body)
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

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.Invalid("The request body must be a JSON object.");
        }

        try
        {
            UnpairedSurrogates.Reject(body.Span);
        }
        catch
        {
            document.Dispose();
            throw;
        }

        return document;
    }
}
