using System.Globalization;
using System.Text.Json;
using Deliberate.Server.Auth;
using Deliberate.Server.Batches;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Storage.Files;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// The Batch API in OpenAI's shape: create (a batch over an uploaded <c>batch</c> file, <c>validating</c> at first),
/// retrieve, cancel and list (newest first, cursor pages). The <see cref="BatchRunner"/> does the work; these only
/// record what was asked and wake it. Every batch belongs to the caller that created it (<see cref="ApiCaller"/>);
/// another caller's batch answers exactly as an unknown id does.
/// </summary>
public static class BatchesEndpoints
{
    public const string ChatCompletions = "/v1/chat/completions";
    public const string CompletionWindow = "24h";
    public const int DefaultListLimit = 20;
    public const int MaxListLimit = 100;
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static void Map(IEndpointRouteBuilder app, BatchStore store, FileStore files, BatchRunner runner, TimeProvider time)
    {
        app.MapPost("/v1/batches", async (HttpContext context) =>
        {
            var owner = ApiCaller.Of(context);
            var create = Parse(await RequestBody.ReadJsonAsync(context));
            var input = await files.FindAsync(owner, create.InputFileId, context.RequestAborted)
                ?? throw new ApiException(404, $"No such File object: {create.InputFileId}", "invalid_request_error", "input_file_id");
            if (input.Purpose != FilePurposes.Batch)
            {
                throw ApiException.Invalid($"The input file {input.Id} has purpose '{input.Purpose}'; a batch reads a file uploaded with purpose 'batch'.", "input_file_id", "invalid_value");
            }

            var now = time.GetUtcNow();
            var batch = new BatchRecord(BatchIds.New(), owner, create.Endpoint, input.Id, CompletionWindow, BatchStatus.Validating, null, null,
                now.ToUnixTimeSeconds(), null, now.Add(Window).ToUnixTimeSeconds(), null, null, null, null, null, null, 0, 0, 0,
                BatchJson.Metadata(create.Metadata), null);
            await store.InsertAsync(batch, context.RequestAborted);
            runner.Wake();
            await WriteAsync(context, batch);
        });
        app.MapGet("/v1/batches/{id}", async (HttpContext context, string id) =>
            await WriteAsync(context, await store.FindAsync(ApiCaller.Of(context), id, context.RequestAborted) ?? throw NoSuchBatch(id)));
        app.MapPost("/v1/batches/{id}/cancel", async (HttpContext context, string id) =>
        {
            var batch = await store.RequestCancelAsync(ApiCaller.Of(context), id, time.GetUtcNow().ToUnixTimeSeconds(), context.RequestAborted)
                ?? throw NoSuchBatch(id);
            if (batch.Status is not (BatchStatus.Cancelling or BatchStatus.Cancelled))
            {
                throw ApiException.Invalid($"Cannot cancel a batch with status '{batch.Status}'; only a validating or in-progress batch can be cancelled.", "batch_id", "invalid_value");
            }

            runner.Cancelled(batch.Id);
            await WriteAsync(context, batch);
        });
        app.MapGet("/v1/batches", async (HttpContext context) =>
        {
            var (after, limit) = ListParameters(context.Request.Query);
            var page = await store.ListAsync(ApiCaller.Of(context), after, limit, context.RequestAborted)
                ?? throw ApiException.Invalid($"Invalid 'after': no such Batch object: {after}", "after");
            var data = page.Batches.Select(BatchJson.Dto).ToList();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new BatchListDto("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.HasMore),
                WireJsonContext.Default.BatchListDto), context.RequestAborted);
        });
    }

    private static ApiException NoSuchBatch(string id) => new(404, $"No such Batch object: {id}", "invalid_request_error", "batch_id");

    private static Task WriteAsync(HttpContext context, BatchRecord batch)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(BatchJson.Dto(batch), WireJsonContext.Default.BatchDto), context.RequestAborted);
    }

    private sealed record CreateBatch(string InputFileId, string Endpoint, Dictionary<string, string>? Metadata);

    /// <summary><c>POST /v1/batches</c>'s body, with OpenAI's 400 for each way it can be wrong.</summary>
    private static CreateBatch Parse(ReadOnlyMemory<byte> body)
    {
        using var document = RequestBody.ParseObject(body);
        var root = document.RootElement;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("input_file_id" or "endpoint" or "completion_window" or "metadata"))
            {
                throw property.Name == "output_expires_after"
                    ? ApiException.UnsupportedParameter(property.Name, "Result files are kept until deleted.")
                    : ApiException.Unrecognized(property.Name);
            }
        }

        var inputFileId = RequiredString(root, "input_file_id");
        var endpoint = RequiredString(root, "endpoint");
        if (endpoint != ChatCompletions)
        {
            throw ApiException.UnsupportedValue("endpoint", endpoint, $"'{ChatCompletions}'");
        }

        var window = RequiredString(root, "completion_window");
        if (window != CompletionWindow)
        {
            throw ApiException.UnsupportedValue("completion_window", window, $"'{CompletionWindow}'");
        }

        var metadata = root.TryGetProperty("metadata", out var value) ? RequestMetadata.Parse(value) : null;
        return new CreateBatch(inputFileId, endpoint, metadata);
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw ApiException.Invalid($"Missing required parameter: '{name}'.", name, "missing_required_parameter");
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw ApiException.Invalid($"Invalid type for '{name}': expected a string.", name, "invalid_type");
    }

    /// <summary><c>GET /v1/batches</c>'s <c>after</c> (a batch id) and <c>limit</c> (1–100, default 20).</summary>
    private static (string? After, int Limit) ListParameters(IQueryCollection query)
    {
        var limit = DefaultListLimit;
        if (query.TryGetValue("limit", out var text) && (text.Count != 1 || !int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListLimit))
        {
            throw ApiException.Invalid($"Invalid value for 'limit': '{text}'. It must be a whole number from 1 to {MaxListLimit}.", "limit", "invalid_value");
        }

        if (query.TryGetValue("after", out var after) && after.Count != 1)
        {
            throw ApiException.Invalid("'after' was given more than once; give it once.", "after");
        }

        return (after.Count == 1 ? after[0] : null, limit);
    }
}
