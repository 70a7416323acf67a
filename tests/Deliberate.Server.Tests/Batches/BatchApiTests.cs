using System.Net;
using System.Text.Json;
using Deliberate.Server.Tests.Storage;
using static Deliberate.Server.Tests.Batches.BatchSteps;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Batches;

/// <summary>
/// The Batch API over a real port in raw HTTP, on deliberate-nano, so every field is checked as sent: OpenAI's batch
/// object through its statuses, the output and error files line by line (a bad body fails only its request, with the
/// envelope the endpoint itself answers), input files that fail validation naming each line, the errors of create,
/// cancel and list, paging and ownership. The same tests run on SQLite and on PostgreSQL.
/// </summary>
public abstract class BatchApiTests(BatchServer server)
{
    private static readonly string[] BatchFields =
    [
        "cancelled_at", "cancelling_at", "completed_at", "completion_window", "created_at", "endpoint", "error_file_id", "errors", "expired_at",
        "expires_at", "failed_at", "finalizing_at", "id", "in_progress_at", "input_file_id", "metadata", "object", "output_file_id",
        "request_counts", "status",
    ];

    [Fact]
    public async Task ABatchRunsEveryRequestAndWritesOpenAIsOutputAndErrorFiles()
    {
        var client = await server.NewClientAsync();
        var good = Enumerable.Range(0, 5).Select(i => BatchRequests.Line($"q{i}", $"What is {i} + {i}?")).ToList();
        // o3-mini refuses temperature: this request alone fails, with the endpoint's own 400.
        var bad = BatchRequests.Line("bad", extra: "\"temperature\":0.2");
        var file = await UploadAsync(client, BatchRequests.File([.. good.Take(2), bad, .. good.Skip(2)]));

        var created = await CreateAsync(client, file, """{"team":"evals","run":"7"}""");

        Assert.Equal(BatchFields, created.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^batch_[A-Za-z0-9]{24}$", id);
        Assert.Equal(("batch", "/v1/chat/completions", file, "24h", "validating"),
            (created.GetProperty("object").GetString(), created.GetProperty("endpoint").GetString(), created.GetProperty("input_file_id").GetString(),
             created.GetProperty("completion_window").GetString(), created.GetProperty("status").GetString()));
        Assert.Equal(created.GetProperty("created_at").GetInt64() + 24 * 3600, created.GetProperty("expires_at").GetInt64());
        Assert.Equal("""{"total":0,"completed":0,"failed":0}""", created.GetProperty("request_counts").GetRawText());
        Assert.Equal("""{"team":"evals","run":"7"}""", created.GetProperty("metadata").GetRawText());
        foreach (var unset in new[] { "errors", "output_file_id", "error_file_id", "in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at" })
        {
            Assert.Equal(JsonValueKind.Null, created.GetProperty(unset).ValueKind);
        }

        var done = await WaitForStatusAsync(server, client, id, "completed");

        Assert.Equal((6, 5, 1), (Count(done, "total"), Count(done, "completed"), Count(done, "failed")));
        var times = new[] { "created_at", "in_progress_at", "finalizing_at", "completed_at" }.Select(t => done.GetProperty(t).GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(JsonValueKind.Null, done.GetProperty("errors").ValueKind);

        var output = await LinesAsync(client, done.GetProperty("output_file_id"));
        Assert.Equal(["q0", "q1", "q2", "q3", "q4"], output.Select(l => l.GetProperty("custom_id").GetString()));
        foreach (var line in output)
        {
            Assert.Equal(["custom_id", "error", "id", "response"], line.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Matches("^batch_req_[A-Za-z0-9]{24}$", line.GetProperty("id").GetString());
            Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
            var response = line.GetProperty("response");
            Assert.Equal(200, response.GetProperty("status_code").GetInt32());
            Assert.StartsWith("req_", response.GetProperty("request_id").GetString(), StringComparison.Ordinal);
            var body = response.GetProperty("body");
            Assert.Equal(("chat.completion", "o3-mini"), (body.GetProperty("object").GetString(), body.GetProperty("model").GetString()));
            Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.True(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32() is > 0 and <= 8);
        }

        // The failed request's line carries exactly what POST /v1/chat/completions answers for the same body.
        var errors = await LinesAsync(client, done.GetProperty("error_file_id"));
        var failed = Assert.Single(errors);
        Assert.Equal("bad", failed.GetProperty("custom_id").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("error").ValueKind);
        var body400 = JsonDocument.Parse(bad).RootElement.GetProperty("body").GetRawText();
        using var direct = await client.PostAsync("/v1/chat/completions", Json(body400));
        Assert.Equal(400, failed.GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal(await direct.Content.ReadAsStringAsync(), failed.GetProperty("response").GetProperty("body").GetRawText());
        Assert.Equal("unsupported_parameter", failed.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("code").GetString());

        // Both result files are the owner's files, named after the batch.
        using var outputFile = JsonDocument.Parse(await client.GetStringAsync($"/v1/files/{done.GetProperty("output_file_id").GetString()}"));
        Assert.Equal(("batch_output", $"{id}_output.jsonl"), (outputFile.RootElement.GetProperty("purpose").GetString(), outputFile.RootElement.GetProperty("filename").GetString()));
        using var errorFile = JsonDocument.Parse(await client.GetStringAsync($"/v1/files/{done.GetProperty("error_file_id").GetString()}"));
        Assert.Equal(("batch_output", $"{id}_error.jsonl"), (errorFile.RootElement.GetProperty("purpose").GetString(), errorFile.RootElement.GetProperty("filename").GetString()));
    }

    [Fact]
    public async Task AnInvalidInputFileFailsTheBatchNamingEachBadLine()
    {
        var client = await server.NewClientAsync();
        var lines = new[]
        {
            BatchRequests.Line("a"),
            BatchRequests.Line("a"),
            BatchRequests.Line("b").Replace("/v1/chat/completions", "/v1/embeddings", StringComparison.Ordinal),
            "{not json",
            BatchRequests.Line("c"),
        };
        var created = await CreateAsync(client, await UploadAsync(client, BatchRequests.File(lines)));

        var failed = await WaitForStatusAsync(server, client, created.GetProperty("id").GetString()!, "failed");

        var errors = failed.GetProperty("errors");
        Assert.Equal("list", errors.GetProperty("object").GetString());
        Assert.Equal([("duplicate_custom_id", "custom_id", 2), ("url_mismatch", "url", 3), ("invalid_json_line", null, 4)],
            errors.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("param").GetString(), e.GetProperty("line").GetInt32())));
        Assert.All(errors.GetProperty("data").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("failed_at").ValueKind);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null),
            (failed.GetProperty("output_file_id").ValueKind, failed.GetProperty("error_file_id").ValueKind, failed.GetProperty("in_progress_at").ValueKind));
        Assert.Equal(0, Count(failed, "total"));
    }

    [Fact]
    public async Task AnEmptyInputFileFailsTheBatchWithoutALine()
    {
        var client = await server.NewClientAsync();
        var created = await CreateAsync(client, await UploadAsync(client, "\n\n"u8.ToArray()));

        var failed = await WaitForStatusAsync(server, client, created.GetProperty("id").GetString()!, "failed");

        var error = Assert.Single(failed.GetProperty("errors").GetProperty("data").EnumerateArray());
        Assert.Equal(("empty_file", JsonValueKind.Null), (error.GetProperty("code").GetString(), error.GetProperty("line").ValueKind));
    }

    [Theory]
    [InlineData("""{"endpoint":"/v1/chat/completions","completion_window":"24h"}""", 400, "input_file_id", "missing_required_parameter")]
    [InlineData("""{"input_file_id":7,"endpoint":"/v1/chat/completions","completion_window":"24h"}""", 400, "input_file_id", "invalid_type")]
    [InlineData("""{"input_file_id":"FILE","endpoint":"/v1/embeddings","completion_window":"24h"}""", 400, "endpoint", "unsupported_value")]
    [InlineData("""{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"48h"}""", 400, "completion_window", "unsupported_value")]
    [InlineData("""{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"24h","metadata":{"k":1}}""", 400, "metadata", "invalid_value")]
    [InlineData("""{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"24h","priority":"high"}""", 400, null, null)]
    [InlineData("""{"input_file_id":"file-AAAAAAAAAAAAAAAAAAAAAAAA","endpoint":"/v1/chat/completions","completion_window":"24h"}""", 404, "input_file_id", null)]
    [InlineData("""{"input_file_id":"NOT_BATCH","endpoint":"/v1/chat/completions","completion_window":"24h"}""", 400, "input_file_id", "invalid_value")]
    [InlineData("""[1]""", 400, null, null)]
    public async Task CreateRefusesBadRequestsWithOpenAIsErrors(string body, int status, string? param, string? code)
    {
        var client = await server.NewClientAsync();
        var file = await UploadAsync(client, BatchRequests.File([BatchRequests.Line("a")]));
        var other = await UploadAsync(client, BatchRequests.File([BatchRequests.Line("a")]), purpose: "user_data");

        using var response = await client.PostAsync("/v1/batches", Json(body.Replace("FILE", file, StringComparison.Ordinal).Replace("NOT_BATCH", other, StringComparison.Ordinal)));

        var error = await Envelope(response, status);
        Assert.Equal((param, code), (error.Param, error.Code));
        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/batches"));
        Assert.Empty(list.RootElement.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task AnotherKeysBatchesAndFilesAreNotThere()
    {
        var owner = await server.NewClientAsync();
        var stranger = await server.NewClientAsync();
        var file = await UploadAsync(owner, BatchRequests.File([BatchRequests.Line("a")]));
        var id = (await CreateAsync(owner, file)).GetProperty("id").GetString()!;

        foreach (var request in new Func<Task<HttpResponseMessage>>[] { () => stranger.GetAsync($"/v1/batches/{id}"), () => stranger.PostAsync($"/v1/batches/{id}/cancel", null) })
        {
            using var response = await request();
            var error = await Envelope(response, 404);
            Assert.Equal(($"No such Batch object: {id}", "batch_id"), (error.Message, error.Param));
        }

        using var unknown = await stranger.GetAsync("/v1/batches/batch_AAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal("No such Batch object: batch_AAAAAAAAAAAAAAAAAAAAAAAA", (await Envelope(unknown, 404)).Message);
        using var list = JsonDocument.Parse(await stranger.GetStringAsync("/v1/batches"));
        Assert.Empty(list.RootElement.GetProperty("data").EnumerateArray());
        using var borrowed = await stranger.PostAsync("/v1/batches", Json($$"""{"input_file_id":"{{file}}","endpoint":"/v1/chat/completions","completion_window":"24h"}"""));
        Assert.Equal(($"No such File object: {file}", "input_file_id"), ((await Envelope(borrowed, 404)).Message, (await Envelope(borrowed, 404)).Param));

        Assert.Equal("completed", (await WaitForStatusAsync(server, owner, id, "completed")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheListPagesNewestFirstWithItsCursor()
    {
        var client = await server.NewClientAsync();
        var file = await UploadAsync(client, BatchRequests.File([BatchRequests.Line("a")]));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsync(client, file)).GetProperty("id").GetString()!);
        }

        var (first, firstId, lastId, more) = await PageAsync(client, "?limit=2");
        Assert.Equal([ids[2], ids[1]], first);
        Assert.Equal((ids[2], ids[1], true), (firstId, lastId, more));
        var (second, _, _, moreAfter) = await PageAsync(client, $"?limit=2&after={ids[1]}");
        Assert.Equal([ids[0]], second);
        Assert.False(moreAfter);
        Assert.Equal(ids.AsEnumerable().Reverse(), (await PageAsync(client, "")).Ids);

        foreach (var (query, param) in new[] { ("?limit=0", "limit"), ("?limit=101", "limit"), ("?limit=x", "limit"), ("?after=batch_AAAAAAAAAAAAAAAAAAAAAAAA", "after") })
        {
            using var response = await client.GetAsync("/v1/batches" + query);
            Assert.Equal(param, (await Envelope(response, 400)).Param);
        }

        foreach (var id in ids)
        {
            await WaitForStatusAsync(server, client, id, "completed");
        }
    }

    [Fact]
    public async Task CancelStopsTheBatchAndKeepsWhatFinished()
    {
        var client = await server.NewClientAsync();
        var ids = Enumerable.Range(0, 150).Select(i => $"long-{i}").ToList();
        var file = await UploadAsync(client, BatchRequests.File(ids.Select(id => BatchRequests.Line(id, "Sort 9 4 7 1 8 3 and explain each step.", maxCompletionTokens: 160, effort: "high"))));
        var id = (await CreateAsync(client, file)).GetProperty("id").GetString()!;
        await WaitForCompletedRequestsAsync(server, client, id, 2);

        using var cancel = await client.PostAsync($"/v1/batches/{id}/cancel", null);
        var cancelling = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Contains(cancelling.GetProperty("status").GetString(), new[] { "cancelling", "cancelled" });
        Assert.NotEqual(JsonValueKind.Null, cancelling.GetProperty("cancelling_at").ValueKind);
        var cancelled = await WaitForStatusAsync(server, client, id, "cancelled");

        Assert.NotEqual(JsonValueKind.Null, cancelled.GetProperty("cancelled_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("completed_at").ValueKind);
        var completed = Count(cancelled, "completed");
        Assert.InRange(completed, 2, ids.Count - 1);
        var output = await LinesAsync(client, cancelled.GetProperty("output_file_id"));
        var errors = await LinesAsync(client, cancelled.GetProperty("error_file_id"));
        Assert.Equal(completed, output.Count);
        Assert.All(output, l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
        Assert.Equal(ids.Count - completed, errors.Count);
        Assert.All(errors, l =>
        {
            Assert.Equal(JsonValueKind.Null, l.GetProperty("response").ValueKind);
            Assert.Equal("batch_cancelled", l.GetProperty("error").GetProperty("code").GetString());
        });
        // Every request appears exactly once, in one file or the other.
        Assert.Equal(ids.Order(StringComparer.Ordinal), output.Concat(errors).Select(l => l.GetProperty("custom_id").GetString()!).Order(StringComparer.Ordinal));

        // Cancelling again answers the batch as it is; a finished batch cannot be cancelled.
        using var again = await client.PostAsync($"/v1/batches/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var small = (await CreateAsync(client, await UploadAsync(client, BatchRequests.File([BatchRequests.Line("a")])))).GetProperty("id").GetString()!;
        await WaitForStatusAsync(server, client, small, "completed");
        using var late = await client.PostAsync($"/v1/batches/{small}/cancel", null);
        Assert.Equal("batch_id", (await Envelope(late, 400)).Param);
    }

    private static async Task<(List<string> Ids, string? FirstId, string? LastId, bool HasMore)> PageAsync(HttpClient client, string query)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/v1/batches" + query));
        var root = json.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        return (root.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()!).ToList(),
            root.GetProperty("first_id").GetString(), root.GetProperty("last_id").GetString(), root.GetProperty("has_more").GetBoolean());
    }
}

public sealed class SqliteBatchApiTests(SqliteBatchServer server) : BatchApiTests(server), IClassFixture<SqliteBatchServer>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresBatchApiTests(PostgresBatchServer server) : BatchApiTests(server), IClassFixture<PostgresBatchServer>;
