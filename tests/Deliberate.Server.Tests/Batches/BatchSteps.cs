using System.Text.Json;
using Deliberate.Server.Tests.Files;

namespace Deliberate.Server.Tests.Batches;

/// <summary>Raw HTTP steps of the Batch API for tests: upload, create, read, wait for a status, download a result file.</summary>
internal static class BatchSteps
{
    public static async Task<string> UploadAsync(HttpClient client, byte[] content, string purpose = "batch", string filename = "requests.jsonl")
    {
        using var response = await client.PostAsync("/v1/files", Multipart.Upload(content, filename, purpose));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> CreateAsync(HttpClient client, string inputFileId, string? metadata = null)
    {
        var body = $$"""{"input_file_id":"{{inputFileId}}","endpoint":"/v1/chat/completions","completion_window":"24h"{{(metadata is null ? "" : ",\"metadata\":" + metadata)}}}""";
        using var response = await client.PostAsync("/v1/batches", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/v1/batches/{id}")).RootElement.Clone();

    /// <summary>Polls until <paramref name="done"/> holds for the batch (bounded: a batch that never gets there fails the test).</summary>
    public static async Task<JsonElement> WaitAsync(BatchServer server, HttpClient client, string id, Func<JsonElement, bool> done, string what)
    {
        JsonElement batch = default;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            batch = await GetAsync(client, id);
            if (done(batch))
            {
                return batch;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"batch {id} never got {what}; last seen: {batch}\nserver errors:\n{server.Errors()}");
        return batch;
    }

    public static Task<JsonElement> WaitForStatusAsync(BatchServer server, HttpClient client, string id, string status) =>
        WaitAsync(server, client, id, b => b.GetProperty("status").GetString() == status, "to " + status);

    public static Task<JsonElement> WaitForCompletedRequestsAsync(BatchServer server, HttpClient client, string id, int completed) =>
        WaitAsync(server, client, id, b => b.GetProperty("request_counts").GetProperty("completed").GetInt32() >= completed, $"{completed} completed requests");

    /// <summary>The lines of a result file (none when the id is null: the batch made no such file).</summary>
    public static async Task<List<JsonElement>> LinesAsync(HttpClient client, JsonElement fileId) =>
        fileId.ValueKind == JsonValueKind.Null ? [] : BatchRequests.ParseLines(await client.GetStringAsync($"/v1/files/{fileId.GetString()}/content"));

    public static int Count(JsonElement batch, string name) => batch.GetProperty("request_counts").GetProperty(name).GetInt32();
}
