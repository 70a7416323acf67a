#pragma warning disable OPENAI001 // the SDK marks its batch client experimental; the CLI uses it as OpenAI documents the API.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Deliberate.Cli.Commands.Batch;

/// <summary>
/// The Batch API as the CLI uses it, through the official OpenAI .NET SDK's file and batch clients: any
/// OpenAI-compatible server (this one by default) answers the same calls.
/// </summary>
internal sealed class BatchApi(Uri endpoint, string apiKey)
{
    public const string ChatCompletions = "/v1/chat/completions";

    private readonly OpenAIClient _client = new(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = endpoint });

    public Uri Endpoint => endpoint;

    private OpenAIFileClient Files => _client.GetOpenAIFileClient();

    private BatchClient Batches => _client.GetBatchClient();

    public async Task<string> UploadAsync(string path, CancellationToken cancellationToken)
    {
        await using var content = File.OpenRead(path);
        OpenAIFile file = await Files.UploadFileAsync(content, Path.GetFileName(path), FileUploadPurpose.Batch, cancellationToken);
        return file.Id;
    }

    public async Task<BatchView> CreateAsync(string inputFileId, CancellationToken cancellationToken)
    {
        var body = BinaryContent.Create(BinaryData.FromObjectAsJson(new Dictionary<string, string>
        {
            ["input_file_id"] = inputFileId,
            ["endpoint"] = ChatCompletions,
            ["completion_window"] = "24h",
        }));
        var operation = await Batches.CreateBatchAsync(body, waitUntilCompleted: false, Options(cancellationToken));
        return Parse(operation.GetRawResponse());
    }

    public async Task<BatchView> GetAsync(string id, CancellationToken cancellationToken) =>
        Parse((await Batches.GetBatchAsync(id, Options(cancellationToken))).GetRawResponse());

    public async Task<BatchView> CancelAsync(string id, CancellationToken cancellationToken)
    {
        var operation = await CreateBatchOperation.RehydrateAsync(Batches, id, cancellationToken);
        return Parse((await operation.CancelAsync(Options(cancellationToken))).GetRawResponse());
    }

    /// <summary>Every batch of the key, newest first, read page by page as the SDK follows the cursor.</summary>
    public async IAsyncEnumerable<BatchView> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in Batches.GetBatchesAsync(after: null, limit: 100, Options(cancellationToken)).GetRawPagesAsync())
        {
            using var json = JsonDocument.Parse(page.GetRawResponse().Content);
            foreach (var batch in json.RootElement.GetProperty("data").EnumerateArray())
            {
                yield return BatchView.Parse(batch);
            }
        }
    }

    public async Task<BinaryData> DownloadAsync(string fileId, CancellationToken cancellationToken) =>
        await Files.DownloadFileAsync(fileId, cancellationToken);

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private static BatchView Parse(PipelineResponse response)
    {
        using var json = JsonDocument.Parse(response.Content);
        return BatchView.Parse(json.RootElement);
    }

    /// <summary>The server's own message for a failed call (the error envelope's), else the SDK's first line.</summary>
    public static string Describe(ClientResultException e)
    {
        try
        {
            if (e.GetRawResponse()?.Content is { } content)
            {
                using var json = JsonDocument.Parse(content);
                return json.RootElement.GetProperty("error").GetProperty("message").GetString() ?? e.Message;
            }
        }
        catch (Exception parse) when (parse is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not an OpenAI error envelope: fall back to the SDK's own text.
        }

        return e.Message.Split('\n')[0];
    }
}
