using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Deliberate.Server.Tests.Storage;

namespace Deliberate.Cli.Tests;

/// <summary>
/// Durability of the Batch API in a real <c>deliberate serve</c> process: a batch of 40 requests on deliberate-nano is
/// killed with SIGKILL once some results are committed, the server is started again on the same data directory and
/// database, and the batch resumes and completes with every <c>custom_id</c> exactly once in its output. On SQLite
/// and on PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BatchCrashRecoveryTests(PostgresCluster cluster)
{
    private const int Requests = 40;

    [Fact]
    public Task ABatchKilledMidwayResumesOnSqliteWithEveryRequestOnce() => KillAndResumeAsync(database: null);

    [Fact]
    public async Task ABatchKilledMidwayResumesOnPostgresWithEveryRequestOnce() => await KillAndResumeAsync(await cluster.CreateDatabaseAsync());

    private static async Task KillAndResumeAsync(string? database)
    {
        using var data = new TempDirectory();
        string[] settings = ["--model", RepositoryPaths.ShippedNano, "--data-dir", data.Path, "--no-auth", .. database is null ? Array.Empty<string>() : ["--database", database]];
        var ids = Enumerable.Range(0, Requests).Select(i => $"req-{i:D2}").ToList();

        string batchId;
        int committedAtKill;
        await using (var first = await ServeProcess.StartAsync(settings))
        {
            using var http = Client(first.BaseUrl);
            var file = await UploadAsync(http, ids);
            batchId = await CreateAsync(http, file);
            var running = await WaitAsync(http, batchId, b => Completed(b) >= 5, first);
            await first.KillAsync();
            committedAtKill = Completed(running);
            Assert.True(committedAtKill < Requests, $"the batch finished before the kill ({committedAtKill} of {Requests}); nothing was left to resume");
        }

        await using var second = await ServeProcess.StartAsync(settings);
        using var client = Client(second.BaseUrl);
        var done = await WaitAsync(client, batchId, b => b.GetProperty("status").GetString() is "completed" or "failed", second);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal((Requests, Requests, 0), (Count(done, "total"), Completed(done), Count(done, "failed")));
        Assert.True(Completed(done) >= committedAtKill);
        var output = (await client.GetStringAsync($"/v1/files/{done.GetProperty("output_file_id").GetString()}/content"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(ids, output.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.All(output, l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error_file_id").ValueKind);
    }

    private static HttpClient Client(string baseUrl) => new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };

    private static async Task<string> UploadAsync(HttpClient http, IEnumerable<string> ids)
    {
        var lines = ids.Select(id => JsonSerializer.Serialize(new
        {
            custom_id = id,
            method = "POST",
            url = "/v1/chat/completions",
            body = new { model = "o3-mini", messages = new[] { new { role = "user", content = $"Sort these numbers: 8 3 {id.Length} 6 1 9 2." } }, max_completion_tokens = 96, reasoning_effort = "high" },
        }));
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(content, "file", "requests.jsonl");
        form.Add(new StringContent("batch"), "purpose");
        using var response = await http.PostAsync("/v1/files", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string> CreateAsync(HttpClient http, string file)
    {
        using var response = await http.PostAsync("/v1/batches", new StringContent(
            $$"""{"input_file_id":"{{file}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the batch until <paramref name="done"/> holds (bounded: a batch that never gets there fails the test).</summary>
    private static async Task<JsonElement> WaitAsync(HttpClient http, string id, Func<JsonElement, bool> done, ServeProcess server)
    {
        JsonElement batch = default;
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline;)
        {
            batch = JsonDocument.Parse(await http.GetStringAsync($"/v1/batches/{id}")).RootElement.Clone();
            if (done(batch))
            {
                return batch;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"batch {id} never got there; last seen {batch}\nserver output:\n{server.Output}");
        return batch;
    }

    private static int Completed(JsonElement batch) => Count(batch, "completed");

    private static int Count(JsonElement batch, string name) => batch.GetProperty("request_counts").GetProperty(name).GetInt32();
}
