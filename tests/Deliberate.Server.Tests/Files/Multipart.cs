using System.Text;

namespace Deliberate.Server.Tests.Files;

/// <summary>
/// Multipart bodies written byte by byte, so a test controls exactly what is sent: header spellings, file names with
/// characters a library would escape, missing or repeated parts, broken framing.
/// </summary>
internal static class Multipart
{
    public const string Boundary = "deliberate-test-boundary";

    /// <summary>A file part and a purpose field, the way SDKs send an upload.</summary>
    public static HttpContent Upload(byte[] content, string filename = "data.jsonl", string? purpose = "batch")
    {
        var parts = new List<Part> { File("file", filename, content) };
        if (purpose is not null)
        {
            parts.Add(Field("purpose", purpose));
        }

        return Body(parts);
    }

    public static Part Field(string name, string value) => new($"Content-Disposition: form-data; name=\"{name}\"", Encoding.UTF8.GetBytes(value));

    public static Part File(string name, string filename, byte[] content) =>
        new($"Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream", content);

    public static HttpContent Body(IEnumerable<Part> parts, string boundary = Boundary, bool close = true)
    {
        var body = new MemoryStream();
        foreach (var part in parts)
        {
            Write(body, $"--{boundary}\r\n{part.Headers}\r\n\r\n");
            body.Write(part.Content);
            Write(body, "\r\n");
        }

        if (close)
        {
            Write(body, $"--{boundary}--\r\n");
        }

        return Raw(body.ToArray(), $"multipart/form-data; boundary={boundary}");
    }

    public static HttpContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    public sealed record Part(string Headers, byte[] Content);
}
