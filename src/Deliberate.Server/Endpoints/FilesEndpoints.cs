using System.Text.Json;
using Deliberate.Server.Auth;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Storage.Files;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// The Files API in OpenAI's shape: upload (multipart, streamed to disk under the size limit), list (cursor pages),
/// retrieve, download and delete. Every file belongs to the caller that uploaded it (<see cref="ApiCaller"/>); another
/// caller's file answers exactly as an unknown id does.
/// </summary>
public static class FilesEndpoints
{
    public static void Map(IEndpointRouteBuilder app, FileStore store, long maxFileBytes)
    {
        app.MapPost("/v1/files", async (HttpContext context) =>
        {
            var file = await FileUploadReader.ReadAsync(context, store, maxFileBytes, ApiCaller.Of(context));
            await WriteJsonAsync(context, Dto(file), WireJsonContext.Default.FileDto);
        });
        app.MapGet("/v1/files", async (HttpContext context) =>
        {
            var query = FileListParameters.Parse(context.Request.Query);
            var page = await store.Records.ListAsync(ApiCaller.Of(context), query, context.RequestAborted)
                ?? throw ApiException.Invalid($"Invalid 'after': no such File object: {query.After}", "after");
            var data = page.Files.Select(Dto).ToList();
            await WriteJsonAsync(context, new FileListDto("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.HasMore), WireJsonContext.Default.FileListDto);
        });
        app.MapGet("/v1/files/{id}", async (HttpContext context, string id) =>
        {
            var file = await store.FindAsync(ApiCaller.Of(context), id, context.RequestAborted) ?? throw ApiException.NoSuchFile(id);
            await WriteJsonAsync(context, Dto(file), WireJsonContext.Default.FileDto);
        });
        app.MapGet("/v1/files/{id}/content", async (HttpContext context, string id) =>
        {
            var file = await store.FindAsync(ApiCaller.Of(context), id, context.RequestAborted) ?? throw ApiException.NoSuchFile(id);
            await FileContentWriter.WriteAsync(context, store, file);
        });
        app.MapDelete("/v1/files/{id}", async (HttpContext context, string id) =>
        {
            if (!await store.DeleteAsync(ApiCaller.Of(context), id, context.RequestAborted))
            {
                throw ApiException.NoSuchFile(id);
            }

            await WriteJsonAsync(context, new FileDeletedDto(id, "file", true), WireJsonContext.Default.FileDeletedDto);
        });
    }

    private static FileDto Dto(FileRecord file) =>
        new(file.Id, "file", file.Bytes, file.CreatedAt, null, file.Filename, file.Purpose, file.Status, file.StatusDetails);

    private static Task WriteJsonAsync<T>(HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value, type), context.RequestAborted);
    }
}
