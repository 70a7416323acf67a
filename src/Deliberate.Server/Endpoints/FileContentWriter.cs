using System.Buffers;
using System.Security.Cryptography;
using Deliberate.Server.Errors;
using Deliberate.Server.Storage.Files;
using Microsoft.Net.Http.Headers;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// <c>GET /v1/files/{id}/content</c>: the bytes streamed from disk with their length, a content type from the file
/// name's extension (a short list of inert types; anything else is <c>application/octet-stream</c>, and
/// <c>nosniff</c> with an attachment disposition keeps a browser from running an uploaded page), and the SHA-256
/// checked on the way: the last chunk is held back until the whole file has hashed to the stored value, so a
/// client never receives a complete copy of damaged bytes — on a mismatch the connection is cut short of the
/// announced length, and the file is marked <c>error</c>.
/// </summary>
internal static class FileContentWriter
{
    private const int ChunkBytes = 64 * 1024;

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jsonl"] = "application/jsonl",
        [".json"] = "application/json",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
    };

    public static string ContentTypeOf(string filename) =>
        ContentTypes.TryGetValue(Path.GetExtension(filename), out var type) ? type : "application/octet-stream";

    public static async Task WriteAsync(HttpContext context, FileStore store, FileRecord file)
    {
        var aborted = context.RequestAborted;
        await using var content = await store.OpenContentAsync(file, aborted) ?? throw Unavailable(file.Id);
        var response = context.Response;
        response.ContentType = ContentTypeOf(file.Filename);
        response.ContentLength = file.Bytes;
        response.Headers.XContentTypeOptions = "nosniff";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.Filename);
        response.Headers.ContentDisposition = disposition.ToString();

        var held = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var next = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var heldLength = await FillAsync(content, held, aborted);
            var total = (long)heldLength;
            hash.AppendData(held, 0, heldLength);
            int read;
            while ((read = await FillAsync(content, next, aborted)) > 0)
            {
                await response.Body.WriteAsync(held.AsMemory(0, heldLength), aborted);
                hash.AppendData(next, 0, read);
                total += read;
                (held, next, heldLength) = (next, held, read);
            }

            if (total != file.Bytes || !hash.GetHashAndReset().AsSpan().SequenceEqual(file.Sha256))
            {
                await store.MarkDamagedAsync(file, total != file.Bytes ? $"its bytes on disk number {total}, not {file.Bytes}" : "its bytes no longer match their SHA-256", CancellationToken.None);
                if (!response.HasStarted)
                {
                    throw Unavailable(file.Id);
                }

                context.Abort();
                return;
            }

            await response.Body.WriteAsync(held.AsMemory(0, heldLength), aborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    /// <summary>Reads until the buffer is full or the file ends, so only the last chunk is ever short.</summary>
    private static async Task<int> FillAsync(Stream stream, byte[] buffer, CancellationToken aborted)
    {
        var length = 0;
        int read;
        while (length < ChunkBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, ChunkBytes - length), aborted)) > 0)
        {
            length += read;
        }

        return length;
    }

    private static ApiException Unavailable(string id) =>
        new(404, $"The content of File {id} is unavailable: the server lost or damaged its bytes (the file's status is 'error'). Delete it and upload it again.",
            "invalid_request_error", "id", "file_unavailable");
}
