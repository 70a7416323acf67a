#pragma warning disable OPENAI001 // the paged list, user_data, evals and the 64-bit size are marked experimental in the SDK; we test that they work.
#pragma warning disable CS0618 // status is deprecated by OpenAI but still required in the File object; we test that it is sent.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Deliberate.Server.Tests.Storage;
using OpenAI;
using OpenAI.Files;

namespace Deliberate.Server.Tests.Files;

/// <summary>
/// The official OpenAI .NET SDK's <see cref="OpenAIFileClient"/>, unchanged, against the real server on each provider:
/// upload, retrieve, list (whole and page by page), download and delete, and the SDK's view of the errors.
/// </summary>
public abstract class FilesSdkTests(FilesServer server)
{
    [Fact]
    public async Task UploadRetrieveDownloadAndDeleteThroughTheSdk()
    {
        var files = await ClientAsync();
        var content = BinaryData.FromString("{\"custom_id\":\"a\"}\n{\"custom_id\":\"b\"}\n");

        OpenAIFile uploaded = await files.UploadFileAsync(content, "requests.jsonl", FileUploadPurpose.Batch);

        Assert.StartsWith("file-", uploaded.Id, StringComparison.Ordinal);
        Assert.Equal("requests.jsonl", uploaded.Filename);
        Assert.Equal(FilePurpose.Batch, uploaded.Purpose);
        Assert.Equal(FileStatus.Processed, uploaded.Status);
        Assert.Equal(content.ToArray().Length, uploaded.SizeInBytesLong);
        Assert.Null(uploaded.ExpiresAt);
        Assert.InRange(uploaded.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        OpenAIFile retrieved = await files.GetFileAsync(uploaded.Id);
        Assert.Equal((uploaded.Id, uploaded.Filename, uploaded.SizeInBytesLong, uploaded.CreatedAt), (retrieved.Id, retrieved.Filename, retrieved.SizeInBytesLong, retrieved.CreatedAt));
        BinaryData downloaded = await files.DownloadFileAsync(uploaded.Id);
        Assert.Equal(content.ToArray(), downloaded.ToArray());
        Assert.Contains(uploaded.Id, (await files.GetFilesAsync(FilePurpose.Batch)).Value.Select(f => f.Id));
        Assert.DoesNotContain(uploaded.Id, (await files.GetFilesAsync(FilePurpose.Vision)).Value.Select(f => f.Id));

        FileDeletionResult deleted = await files.DeleteFileAsync(uploaded.Id);
        Assert.True(deleted.Deleted);
        Assert.Equal(uploaded.Id, deleted.FileId);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => files.GetFileAsync(uploaded.Id));
        Assert.Equal(404, gone.Status);
        Assert.Contains($"No such File object: {uploaded.Id}", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSdkPagesThroughTheListWithItsCursor()
    {
        var files = await ClientAsync();
        var uploaded = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            uploaded.Add((await files.UploadFileAsync(BinaryData.FromString($"line {i}\n"), $"{i}.txt", FileUploadPurpose.UserData)).Value.Id);
        }

        // The SDK's paged listing is its protocol method: limit, order and after as OpenAI defines them.
        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var result = await files.GetFilesAsync("user_data", 2, "asc", after, new RequestOptions());
            using var json = JsonDocument.Parse(result.GetRawResponse().Content);
            var ids = json.RootElement.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
            Assert.InRange(ids.Count, 1, 2);
            seen.AddRange(ids);
            if (!json.RootElement.GetProperty("has_more").GetBoolean())
            {
                break;
            }

            after = json.RootElement.GetProperty("last_id").GetString();
        }

        Assert.Equal(uploaded, seen);
        Assert.Equal(Enumerable.Reverse(uploaded), (await files.GetFilesAsync()).Value.Select(f => f.Id));
    }

    [Fact]
    public async Task TheSdkSurfacesTheServersErrors()
    {
        var files = await ClientAsync();

        var tooLarge = await Assert.ThrowsAsync<ClientResultException>(() => files.UploadFileAsync(new BinaryData(new byte[FilesServer.MaxFileBytes + 1]), "big.jsonl", FileUploadPurpose.Batch));
        var badPurpose = await Assert.ThrowsAsync<ClientResultException>(() => files.UploadFileAsync(BinaryData.FromString("x"), "x.jsonl", FileUploadPurpose.Evaluations));
        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => files.DownloadFileAsync("file-AAAAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Equal(413, tooLarge.Status);
        Assert.Equal(400, badPurpose.Status);
        Assert.Contains("'evals'", badPurpose.Message, StringComparison.Ordinal);
        Assert.Equal(404, unknown.Status);
        Assert.Empty((await files.GetFilesAsync()).Value);
    }

    private async Task<OpenAIFileClient> ClientAsync() =>
        new(new ApiKeyCredential(await server.NewKeyAsync()), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new ClientRetryPolicy(0) });
}

public sealed class SqliteFilesSdkTests(SqliteFilesServer server) : FilesSdkTests(server), IClassFixture<SqliteFilesServer>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFilesSdkTests(PostgresFilesServer server) : FilesSdkTests(server), IClassFixture<PostgresFilesServer>;
