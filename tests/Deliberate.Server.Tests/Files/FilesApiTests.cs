using System.Net;
using System.Text.Json;
using Deliberate.Server.Storage;
using Deliberate.Server.Tests.Storage;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Files;

/// <summary>
/// The Files API over a real port in raw HTTP, so every field and header is checked as sent: OpenAI's object shapes,
/// paging, ownership, the size limit while streaming, and an envelope for every kind of bad input. The same tests run
/// on SQLite and on PostgreSQL.
/// </summary>
public abstract class FilesApiTests(FilesServer server)
{
    [Fact]
    public async Task AnUploadAnswersWithTheFileObjectInOpenAIShape()
    {
        var client = await server.NewClientAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var response = await client.PostAsync("/v1/files", Multipart.Upload("{\"a\":1}\n"u8.ToArray(), "requests.jsonl", "batch"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var file = json.RootElement;
        Assert.Equal(["bytes", "created_at", "expires_at", "filename", "id", "object", "purpose", "status", "status_details"],
            file.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Matches("^file-[A-Za-z0-9]{24}$", file.GetProperty("id").GetString());
        Assert.Equal("file", file.GetProperty("object").GetString());
        Assert.Equal(8, file.GetProperty("bytes").GetInt64());
        Assert.InRange(file.GetProperty("created_at").GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("requests.jsonl", file.GetProperty("filename").GetString());
        Assert.Equal("batch", file.GetProperty("purpose").GetString());
        Assert.Equal("processed", file.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("expires_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, file.GetProperty("status_details").ValueKind);
    }

    [Fact]
    public async Task AFileIsRetrievedDownloadedByteForByteAndDeleted()
    {
        var client = await server.NewClientAsync();
        var bytes = new byte[300_000]; // several chunks each way
        new Random(26).NextBytes(bytes);
        var id = await UploadAsync(client, bytes, "results.jsonl", "batch_output");

        using var meta = JsonDocument.Parse(await client.GetStringAsync($"/v1/files/{id}"));
        Assert.Equal(id, meta.RootElement.GetProperty("id").GetString());
        Assert.Equal(bytes.Length, meta.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal("batch_output", meta.RootElement.GetProperty("purpose").GetString());

        using var content = await client.GetAsync($"/v1/files/{id}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/jsonl", content.Content.Headers.ContentType?.ToString());
        Assert.Equal(bytes.Length, content.Content.Headers.ContentLength);
        Assert.Equal("attachment", content.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("results.jsonl", content.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("nosniff", content.Headers.GetValues("X-Content-Type-Options").Single());

        using var deleted = await client.DeleteAsync($"/v1/files/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using (var json = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()))
        {
            Assert.Equal($$"""{"id":"{{id}}","object":"file","deleted":true}""", json.RootElement.GetRawText());
        }

        Assert.DoesNotContain(id, server.FilesOnDisk());
        await AssertNoSuchFileAsync(await client.GetAsync($"/v1/files/{id}"), id);
        await AssertNoSuchFileAsync(await client.GetAsync($"/v1/files/{id}/content"), id);
        await AssertNoSuchFileAsync(await client.DeleteAsync($"/v1/files/{id}"), id);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain; charset=utf-8")]
    [InlineData("data.json", "application/json")]
    [InlineData("page.html", "application/octet-stream")]
    [InlineData("image.svg", "application/octet-stream")]
    [InlineData("no-extension", "application/octet-stream")]
    public async Task TheDownloadsContentTypeFollowsTheExtensionAndAnythingActiveIsPlainBytes(string filename, string contentType)
    {
        var client = await server.NewClientAsync();
        var id = await UploadAsync(client, "<script>alert(1)</script>"u8.ToArray(), filename, "user_data");

        using var content = await client.GetAsync($"/v1/files/{id}/content");

        Assert.Equal(contentType, content.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task TheListPagesThroughACallersFilesNewestFirstOrOldestFirst()
    {
        var client = await server.NewClientAsync();
        var ids = new List<string>();
        foreach (var purpose in new[] { "batch", "user_data", "batch", "user_data", "batch" })
        {
            ids.Add(await UploadAsync(client, "x"u8.ToArray(), $"{ids.Count}.jsonl", purpose));
        }

        var newestFirst = Enumerable.Reverse(ids).ToList();
        var first = await ListAsync(client, "?limit=2");
        Assert.Equal(newestFirst[..2], first.Ids);
        Assert.True(first.HasMore);
        Assert.Equal((newestFirst[0], newestFirst[1]), (first.FirstId, first.LastId));
        var second = await ListAsync(client, $"?limit=2&after={first.LastId}");
        Assert.Equal(newestFirst[2..4], second.Ids);
        Assert.True(second.HasMore);
        var third = await ListAsync(client, $"?limit=2&after={second.LastId}");
        Assert.Equal(newestFirst[4..], third.Ids);
        Assert.False(third.HasMore);

        Assert.Equal(ids, (await ListAsync(client, "?order=asc")).Ids);
        Assert.Equal(ids[3..], (await ListAsync(client, $"?order=asc&after={ids[2]}")).Ids);
        Assert.Equal(newestFirst, (await ListAsync(client, "")).Ids);
        var userData = await ListAsync(client, "?purpose=user_data");
        Assert.Equal([ids[3], ids[1]], userData.Ids);
        Assert.False(userData.HasMore);
        var empty = await ListAsync(client, "?purpose=vision");
        Assert.Empty(empty.Ids);
        Assert.Null(empty.FirstId);
        Assert.Null(empty.LastId);
        Assert.False(empty.HasMore);
    }

    [Fact]
    public async Task AnotherKeysFileAnswersExactlyAsAnUnknownOne()
    {
        var owner = await server.NewClientAsync();
        var stranger = await server.NewClientAsync();
        var id = await UploadAsync(owner, "mine"u8.ToArray(), "mine.jsonl", "batch");

        await AssertNoSuchFileAsync(await stranger.GetAsync($"/v1/files/{id}"), id);
        await AssertNoSuchFileAsync(await stranger.GetAsync($"/v1/files/{id}/content"), id);
        await AssertNoSuchFileAsync(await stranger.DeleteAsync($"/v1/files/{id}"), id);
        Assert.DoesNotContain(id, (await ListAsync(stranger, "")).Ids);
        var cursor = await Envelope(await stranger.GetAsync($"/v1/files?after={id}"), 400);
        Assert.Equal("after", cursor.Param);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/v1/files/{id}/content")).StatusCode);
        Assert.Equal([id], (await ListAsync(owner, "")).Ids);
    }

    [Theory]
    [InlineData("file-abc")]
    [InlineData("file-AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("..%2F..%2Fdeliberate.db")]
    [InlineData("file-%20%E2%80%AE")]
    public async Task UnknownIdsAre404NamingTheId(string id)
    {
        var client = await server.NewClientAsync();

        var error = await Envelope(await client.GetAsync($"/v1/files/{id}"), 404);

        // Routing decodes every escape but %2F, which it keeps so that a segment cannot become two.
        Assert.Equal($"No such File object: {Uri.UnescapeDataString(id.Replace("%2F", "%252F", StringComparison.Ordinal))}", error.Message);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("id", error.Param);
        await Envelope(await client.GetAsync($"/v1/files/{id}/content"), 404);
        await Envelope(await client.DeleteAsync($"/v1/files/{id}"), 404);
    }

    [Fact]
    public async Task AnUploadWithoutAKeyIs401AndKeepsNothing()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var before = server.FilesOnDisk();

        await Envelope(await anonymous.PostAsync("/v1/files", Multipart.Upload("x"u8.ToArray())), 401);

        Assert.Equal(before, server.FilesOnDisk());
    }

    public static TheoryData<string, int, string?> BadUploads() => new()
    {
        { "json", 415, null },
        { "no boundary", 400, null },
        { "no file", 400, "file" },
        { "no purpose", 400, "purpose" },
        { "unknown purpose", 400, "purpose" },
        { "output-only purpose", 400, "purpose" },
        { "purpose too long", 400, "purpose" },
        { "empty file", 400, "file" },
        { "file as text", 400, "file" },
        { "two files", 400, "file" },
        { "two purposes", 400, "purpose" },
        { "unknown field", 400, "model" },
        { "expiry", 400, "expires_after" },
        { "no closing boundary", 400, null },
        { "part without disposition", 400, null },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task BadUploadsAreEnvelopesNamingTheFieldAndKeepNothing(string kind, int status, string? param)
    {
        var client = await server.NewClientAsync();
        var data = "{\"a\":1}\n"u8.ToArray();
        var before = server.FilesOnDisk();
        HttpContent body = kind switch
        {
            "json" => Json("""{"file":"x","purpose":"batch"}"""),
            "no boundary" => Multipart.Raw(data, "multipart/form-data"),
            "no file" => Multipart.Body([Multipart.Field("purpose", "batch")]),
            "no purpose" => Multipart.Upload(data, purpose: null),
            "unknown purpose" => Multipart.Upload(data, purpose: "training"),
            "output-only purpose" => Multipart.Upload(data, purpose: "fine-tune-results"),
            "purpose too long" => Multipart.Upload(data, purpose: new string('b', 300)),
            "empty file" => Multipart.Upload([]),
            "file as text" => Multipart.Body([Multipart.Field("file", "not a file"), Multipart.Field("purpose", "batch")]),
            "two files" => Multipart.Body([Multipart.File("file", "a.jsonl", data), Multipart.File("file", "b.jsonl", data), Multipart.Field("purpose", "batch")]),
            "two purposes" => Multipart.Body([Multipart.Field("purpose", "batch"), Multipart.Field("purpose", "batch"), Multipart.File("file", "a.jsonl", data)]),
            "unknown field" => Multipart.Body([Multipart.File("file", "a.jsonl", data), Multipart.Field("purpose", "batch"), Multipart.Field("model", "o3-mini")]),
            "expiry" => Multipart.Body([Multipart.File("file", "a.jsonl", data), Multipart.Field("purpose", "batch"), Multipart.Field("expires_after[anchor]", "created_at")]),
            "no closing boundary" => Multipart.Body([Multipart.File("file", "a.jsonl", data)], close: false),
            "part without disposition" => Multipart.Body([new Multipart.Part("Content-Type: text/plain", data)]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = await Envelope(await client.PostAsync("/v1/files", body), status);

        Assert.Equal(param, error.Param);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(before, server.FilesOnDisk());
        Assert.Empty((await ListAsync(client, "")).Ids);
    }

    [Fact]
    public async Task AFileOfExactlyTheLimitIsAccepted()
    {
        var client = await server.NewClientAsync();

        var id = await UploadAsync(client, new byte[FilesServer.MaxFileBytes], "limit.bin", "user_data");

        Assert.Contains(id, server.FilesOnDisk());
    }

    /// <summary>
    /// Sent chunked, the body's length is unknown until it ends, so only the count kept while streaming can stop it:
    /// it answers 413 as the first byte past the limit arrives, and what was written is removed.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFileOverTheLimitIs413WhileItStreamsAndLeavesNothing(bool chunked)
    {
        var client = await server.NewClientAsync();
        var before = server.FilesOnDisk();
        using var upload = Multipart.Upload(new byte[FilesServer.MaxFileBytes + 1], "big.jsonl");
        HttpContent body = upload;
        if (chunked)
        {
            body = new StreamContent(await upload.ReadAsStreamAsync());
            body.Headers.ContentType = upload.Headers.ContentType;
        }

        using var response = await client.PostAsync("/v1/files", body);

        var error = await Envelope(response, 413);
        Assert.Equal("file", error.Param);
        Assert.Equal("file_too_large", error.Code);
        Assert.Contains(FilesServer.MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(before, server.FilesOnDisk());
    }

    [Fact]
    public async Task ABodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsRead()
    {
        var client = await server.NewClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/files") { Content = Multipart.Upload(new byte[FilesServer.MaxFileBytes * 2]) };
        // As curl does for a large body: the client waits for the server's answer before sending it. Without it the
        // client may still be writing when the server answers 413 and closes, and sees a broken pipe instead.
        request.Headers.ExpectContinue = true;

        var error = await Envelope(await client.SendAsync(request), 413);

        Assert.Equal("file_too_large", error.Code);
    }

    public static TheoryData<string, string> BadListQueries() => new()
    {
        { "?limit=0", "limit" },
        { "?limit=10001", "limit" },
        { "?limit=-1", "limit" },
        { "?limit=ten", "limit" },
        { "?limit=1&limit=2", "limit" },
        { "?order=newest", "order" },
        { "?purpose=nonsense", "purpose" },
        { "?after=file-AAAAAAAAAAAAAAAAAAAAAAAA", "after" },
        { "?after=garbage", "after" },
        { "?after=", "after" },
    };

    [Theory]
    [MemberData(nameof(BadListQueries))]
    public async Task BadListParametersAre400NamingTheParameter(string query, string param)
    {
        var client = await server.NewClientAsync();

        var error = await Envelope(await client.GetAsync("/v1/files" + query), 400);

        Assert.Equal(param, error.Param);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\\\Users\\\\me\\\\batch.jsonl", "batch.jsonl")]
    [InlineData("   spaced.jsonl  ", "spaced.jsonl")]
    [InlineData("..", "file")]
    [InlineData("r\u00e9sum\u00e9 \u6587\u4ef6.jsonl", "r\u00e9sum\u00e9 \u6587\u4ef6.jsonl")]
    [InlineData("invoice\u202Elmth.jsonl", "invoicelmth.jsonl")]
    [InlineData("tab\there.jsonl", "tabhere.jsonl")]
    public async Task FileNamesAreStoredWithoutPathsOrControlCharacters(string sent, string stored)
    {
        var client = await server.NewClientAsync();

        var id = await UploadAsync(client, "x"u8.ToArray(), sent, "user_data");

        using var meta = JsonDocument.Parse(await client.GetStringAsync($"/v1/files/{id}"));
        Assert.Equal(stored, meta.RootElement.GetProperty("filename").GetString());
    }

    [Fact]
    public async Task ALongFileNameIsShortenedKeepingItsExtension()
    {
        var client = await server.NewClientAsync();

        var id = await UploadAsync(client, "x"u8.ToArray(), new string('n', 400) + ".jsonl", "batch");

        using var meta = JsonDocument.Parse(await client.GetStringAsync($"/v1/files/{id}"));
        var name = meta.RootElement.GetProperty("filename").GetString()!;
        Assert.Equal(255, name.Length);
        Assert.EndsWith("n.jsonl", name, StringComparison.Ordinal);
    }

    /// <summary>
    /// Seeded random uploads — random bytes under a multipart content type, well-formed bodies with random names,
    /// purposes and field names, bodies cut anywhere — each answered with a 2xx or 4xx envelope, never a 5xx, and no
    /// unfinished upload left behind.
    /// </summary>
    [Fact]
    public async Task FuzzedUploadsAreAnsweredWithoutA500()
    {
        var client = await server.NewClientAsync();
        var random = new Random(2026);
        var alphabet = "aZ09._-/\\\"';:%\0\r\n\t \u00e9\u202E\ud83d\ude00".ToCharArray();
        string RandomText(int max) => new(Enumerable.Range(0, random.Next(max)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        string RandomAscii(int max) => new(Enumerable.Range(0, random.Next(max)).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray()); // what a header can carry

        for (var i = 0; i < 60; i++)
        {
            var data = new byte[random.Next(0, 2000)];
            random.NextBytes(data);
            HttpContent body = (i % 4) switch
            {
                0 => Multipart.Raw(data, $"multipart/form-data; boundary={Multipart.Boundary}"),
                1 => Multipart.Body([Multipart.File(RandomText(8) is var n && random.Next(3) == 0 ? n : "file", RandomText(40), data), Multipart.Field("purpose", random.Next(2) == 0 ? "batch" : RandomText(12))]),
                2 => Multipart.Raw(Cut(await Multipart.Upload(data, RandomText(30)).ReadAsByteArrayAsync(), random), $"multipart/form-data; boundary={Multipart.Boundary}"),
                _ => Multipart.Raw(await Multipart.Upload(data, RandomText(30)).ReadAsByteArrayAsync(), $"multipart/form-data; boundary=\"{RandomAscii(80)}\""),
            };

            using var response = await client.PostAsync("/v1/files", body);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"case {i}: {(int)response.StatusCode} {text}");
            if (!response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(text);
                Assert.True(json.RootElement.GetProperty("error").TryGetProperty("message", out _), text);
            }
        }

        Assert.DoesNotContain(server.FilesOnDisk(), name => name.EndsWith(".partial", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public void TheStartLogsTheMigrationOfTheFreshDatabaseAndTheCheckOfItsFiles()
    {
        var steps = Migration.Embedded(server.ConnectionString is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres);

        var migrated = Assert.Single(server.Logs.Entries, e => e.EventId.Id == 20);
        var checkedFiles = Assert.Single(server.Logs.Entries, e => e.EventId.Id == 22);

        Assert.Contains($"schema version {steps.Count} (0001_{steps[0].Name}", migrated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", migrated.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(server.FilesDirectory, checkedFiles.Message, StringComparison.Ordinal);
    }

    private static byte[] Cut(byte[] body, Random random) => body[..random.Next(body.Length)];

    private static async Task<string> UploadAsync(HttpClient client, byte[] content, string filename, string purpose)
    {
        using var response = await client.PostAsync("/v1/files", Multipart.Upload(content, filename, purpose));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<(List<string> Ids, string? FirstId, string? LastId, bool HasMore)> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/v1/files" + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        return (root.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList(),
            root.GetProperty("first_id").GetString(), root.GetProperty("last_id").GetString(), root.GetProperty("has_more").GetBoolean());
    }

    private static async Task AssertNoSuchFileAsync(HttpResponseMessage response, string id)
    {
        var error = await Envelope(response, 404);
        Assert.Equal($"No such File object: {id}", error.Message);
    }
}

public sealed class SqliteFilesApiTests(SqliteFilesServer server) : FilesApiTests(server), IClassFixture<SqliteFilesServer>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFilesApiTests(PostgresFilesServer server) : FilesApiTests(server), IClassFixture<PostgresFilesServer>;
