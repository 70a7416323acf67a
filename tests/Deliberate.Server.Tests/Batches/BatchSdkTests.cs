#pragma warning disable OPENAI001 // the SDK marks its batch client experimental; we test that it works against this server.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Deliberate.Server.Tests.Storage;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Deliberate.Server.Tests.Batches;

/// <summary>
/// The official OpenAI .NET SDK, unchanged, against the real server on each provider: its file client uploads the
/// input and downloads the results, its batch client creates a batch and waits for it (the SDK's own polling reads
/// the status), cancels one, rehydrates an operation from an id, and pages through the list.
/// </summary>
public abstract class BatchSdkTests(BatchServer server)
{
    [Fact]
    public async Task TheSdkUploadsCreatesWaitsAndDownloadsTheResults()
    {
        var (files, batches) = await ClientsAsync();
        var lines = Enumerable.Range(0, 4).Select(i => BatchRequests.Line($"sdk-{i}", $"What is {i} times 3?")).ToList();
        OpenAIFile input = await files.UploadFileAsync(BinaryData.FromBytes(BatchRequests.File(lines)), "requests.jsonl", FileUploadPurpose.Batch);

        var operation = await batches.CreateBatchAsync(Request(input.Id, metadata: new Dictionary<string, string> { ["owner"] = "sdk" }), waitUntilCompleted: true);

        Assert.True(operation.HasCompleted);
        Assert.StartsWith("batch_", operation.BatchId, StringComparison.Ordinal);
        using var batch = JsonDocument.Parse((await operation.GetBatchAsync(new RequestOptions())).GetRawResponse().Content);
        var root = batch.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(4, root.GetProperty("request_counts").GetProperty("completed").GetInt32());
        Assert.Equal("sdk", root.GetProperty("metadata").GetProperty("owner").GetString());

        // The typed view of the same batch, through the list.
        var listed = await batches.GetBatchesAsync(new BatchCollectionOptions()).FirstAsync(b => b.Id == operation.BatchId);
        Assert.Equal((input.Id, "/v1/chat/completions", "24h"), (listed.InputFileId, listed.Endpoint, listed.CompletionWindow));
        Assert.NotNull(listed.CompletedAt);
        Assert.Equal("sdk", listed.Metadata["owner"]);

        BinaryData output = await files.DownloadFileAsync(listed.OutputFileId);
        var results = BatchRequests.ParseLines(output.ToString());
        Assert.Equal(["sdk-0", "sdk-1", "sdk-2", "sdk-3"], results.Select(r => r.GetProperty("custom_id").GetString()));
        Assert.All(results, r => Assert.Equal("chat.completion", r.GetProperty("response").GetProperty("body").GetProperty("object").GetString()));
    }

    [Fact]
    public async Task TheSdkCancelsABatchAndARehydratedOperationWaitsForItsEnd()
    {
        var (files, batches) = await ClientsAsync();
        var lines = Enumerable.Range(0, 150).Select(i => BatchRequests.Line($"c{i}", "Explain how to add 17 and 25, step by step.", maxCompletionTokens: 160, effort: "high"));
        OpenAIFile input = await files.UploadFileAsync(BinaryData.FromBytes(BatchRequests.File(lines)), "long.jsonl", FileUploadPurpose.Batch);
        var operation = await batches.CreateBatchAsync(Request(input.Id), waitUntilCompleted: false);

        using (var cancelled = JsonDocument.Parse((await operation.CancelAsync(new RequestOptions())).GetRawResponse().Content))
        {
            Assert.Contains(cancelled.RootElement.GetProperty("status").GetString(), new[] { "cancelling", "cancelled" });
        }

        var rehydrated = await CreateBatchOperation.RehydrateAsync(batches, operation.BatchId);
        await rehydrated.WaitForCompletionAsync();

        using var end = JsonDocument.Parse((await rehydrated.GetBatchAsync(new RequestOptions())).GetRawResponse().Content);
        Assert.Equal("cancelled", end.RootElement.GetProperty("status").GetString());
        Assert.True(end.RootElement.GetProperty("request_counts").GetProperty("completed").GetInt32() < 150);
    }

    [Fact]
    public async Task TheSdkPagesThroughTheListNewestFirst()
    {
        var (files, batches) = await ClientsAsync();
        OpenAIFile input = await files.UploadFileAsync(BinaryData.FromBytes(BatchRequests.File([BatchRequests.Line("one")])), "one.jsonl", FileUploadPurpose.Batch);
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await batches.CreateBatchAsync(Request(input.Id), waitUntilCompleted: false)).BatchId);
        }

        // Two per page: the SDK follows has_more and last_id itself.
        var listed = await batches.GetBatchesAsync(new BatchCollectionOptions { PageSizeLimit = 2 }).Select(b => b.Id).ToListAsync();
        Assert.Equal(Enumerable.Reverse(created), listed);
        var pages = await batches.GetBatchesAsync(after: null, limit: 2, new RequestOptions()).GetRawPagesAsync().CountAsync();
        Assert.Equal(3, pages);

        foreach (var id in created)
        {
            await (await CreateBatchOperation.RehydrateAsync(batches, id)).WaitForCompletionAsync();
        }
    }

    [Fact]
    public async Task TheSdkSurfacesTheServersErrors()
    {
        var (_, batches) = await ClientsAsync();

        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => batches.GetBatchAsync("batch_AAAAAAAAAAAAAAAAAAAAAAAA", new RequestOptions()));
        var noFile = await Assert.ThrowsAsync<ClientResultException>(() => batches.CreateBatchAsync(Request("file-AAAAAAAAAAAAAAAAAAAAAAAA"), waitUntilCompleted: false));

        Assert.Equal(404, unknown.Status);
        Assert.Contains("No such Batch object", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(404, noFile.Status);
        Assert.Empty(await batches.GetBatchesAsync(new BatchCollectionOptions()).ToListAsync());
    }

    private static BinaryContent Request(string inputFileId, Dictionary<string, string>? metadata = null) =>
        BinaryContent.Create(BinaryData.FromObjectAsJson(new Dictionary<string, object?>
        {
            ["input_file_id"] = inputFileId,
            ["endpoint"] = "/v1/chat/completions",
            ["completion_window"] = "24h",
            ["metadata"] = metadata,
        }));

    private async Task<(OpenAIFileClient Files, BatchClient Batches)> ClientsAsync()
    {
        var client = new OpenAIClient(new ApiKeyCredential(await server.NewKeyAsync()),
            new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new ClientRetryPolicy(0) });
        return (client.GetOpenAIFileClient(), client.GetBatchClient());
    }
}

public sealed class SqliteBatchSdkTests(SqliteBatchServer server) : BatchSdkTests(server), IClassFixture<SqliteBatchServer>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresBatchSdkTests(PostgresBatchServer server) : BatchSdkTests(server), IClassFixture<PostgresBatchServer>;
