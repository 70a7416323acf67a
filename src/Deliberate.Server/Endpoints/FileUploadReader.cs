using System.Text;
using Deliberate.Server.Errors;
using Deliberate.Server.Storage.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// Reads <c>POST /v1/files</c>: a multipart/form-data body with one <c>file</c> part and one <c>purpose</c> field, in
/// either order. The file part is streamed to disk in chunks as it arrives (never held in memory) and refused with a
/// 413 as soon as it passes <c>maxFileBytes</c>; the request's own body limit is raised for this endpoint so that this
/// check, not Kestrel's, is the one that answers. Anything else — no boundary, a part without a name, a field given
/// twice, an unknown field, an empty file, a bad purpose — is a 400 naming what is wrong, and nothing is kept.
/// </summary>
internal static class FileUploadReader
{
    /// <summary>Room for the multipart framing and the purpose field around the file itself.</summary>
    private const long FramingBytes = 64 * 1024;

    /// <summary>The longest text field read (a purpose is at most 17 characters).</summary>
    private const int MaxFieldBytes = 256;

    public static async Task<FileRecord> ReadAsync(HttpContext context, FileStore store, long maxFileBytes, string owner)
    {
        var boundary = Boundary(context.Request.ContentType);
        var limit = maxFileBytes + FramingBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(maxFileBytes);
        }

        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = limit, HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        var aborted = context.RequestAborted;
        StagedFile? staged = null;
        try
        {
            string? filename = null;
            string? purpose = null;
            while (await NextSectionAsync(reader, aborted) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null || !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                {
                    throw ApiException.Invalid("Every part of the multipart body needs a 'Content-Disposition: form-data; name=\"…\"' header.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                switch (name)
                {
                    case "file":
                        if (staged is not null)
                        {
                            throw ApiException.Invalid("'file' was given twice; upload one file per request.", "file");
                        }

                        if (!disposition.IsFileDisposition())
                        {
                            throw ApiException.Invalid("'file' must be a file part (with a filename), not a text field.", "file");
                        }

                        filename = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                        staged = await ReadFileAsync(store, new MultipartBodyStream(section.Body), maxFileBytes, aborted);
                        break;
                    case "purpose":
                        if (purpose is not null)
                        {
                            throw ApiException.Invalid("'purpose' was given twice; give it once.", "purpose");
                        }

                        purpose = await ReadFieldAsync(new MultipartBodyStream(section.Body), "purpose", aborted);
                        if (!FilePurposes.IsUploadable(purpose))
                        {
                            throw ApiException.Invalid(
                                $"Invalid value for 'purpose': '{purpose}'. Supported values are: {string.Join(", ", FilePurposes.Uploadable.Select(p => $"'{p}'"))}.", "purpose", "invalid_value");
                        }

                        break;
                    case var expiry when expiry.StartsWith("expires_after", StringComparison.Ordinal):
                        throw ApiException.Invalid("'expires_after' is not supported: files on this server are kept until they are deleted.", "expires_after", "unsupported_parameter");
                    default:
                        throw new ApiException(400, $"Unrecognized request argument supplied: {name}", "invalid_request_error", name.Length > 0 ? name : null);
                }
            }

            if (staged is null)
            {
                throw ApiException.Invalid("Missing required parameter: 'file'.", "file", "missing_required_parameter");
            }

            if (purpose is null)
            {
                throw ApiException.Invalid("Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter");
            }

            if (staged.Bytes == 0)
            {
                throw ApiException.Invalid("The file is empty; upload a file with content.", "file");
            }

            return await store.CreateAsync(owner, staged, filename ?? "", purpose, aborted);
        }
        catch (InvalidDataException e)
        {
            // MultipartReader's word for a malformed body: a missing or broken boundary, over-long header lines, too many headers.
            throw ApiException.Invalid($"The multipart/form-data body could not be read: {e.Message}");
        }
        finally
        {
            staged?.Dispose();
        }
    }

    private static string Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(415, "Invalid Content-Type header; expected multipart/form-data with a 'file' part and a 'purpose' field.", "invalid_request_error", null, "unsupported_media_type");
        }

        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        // RFC 2046: 1 to 70 characters.
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 70
            ? throw ApiException.Invalid("The multipart/form-data Content-Type needs a boundary of 1 to 70 characters.")
            : boundary;
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken aborted)
    {
        try
        {
            return await reader.ReadNextSectionAsync(aborted);
        }
        catch (IOException e) when (!aborted.IsCancellationRequested)
        {
            throw MultipartBodyStream.Broken(e);
        }
    }

    private static async Task<StagedFile> ReadFileAsync(FileStore store, Stream body, long maxFileBytes, CancellationToken aborted)
    {
        try
        {
            return await store.StageAsync(body, maxFileBytes, aborted);
        }
        catch (FileTooLargeException)
        {
            throw TooLarge(maxFileBytes);
        }
    }

    /// <summary>A short UTF-8 text field, read whole up to <see cref="MaxFieldBytes"/>.</summary>
    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken aborted)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), aborted)) > 0)
        {
            length += read;
        }

        if (length > MaxFieldBytes)
        {
            throw ApiException.Invalid($"'{name}' is longer than {MaxFieldBytes} bytes.", name);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.Invalid($"'{name}' is not valid UTF-8 text.", name);
        }
    }

    private static ApiException TooLarge(long maxFileBytes) =>
        new(413, $"The file is too large: this server accepts files of up to {maxFileBytes} bytes (its maxFileBytes setting).", "invalid_request_error", "file", "file_too_large");
}
