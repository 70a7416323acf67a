using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Deliberate.Server.Storage;
using Deliberate.Server.Storage.Files;
using Deliberate.Server.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Files;

/// <summary>
/// The crash windows of the file store, recreated directly on disk and in the database — what a kill at each point
/// between the two steps of create and delete leaves — then a start-up, on both providers: leftovers are removed,
/// a row whose bytes are gone or damaged is marked <c>error</c>, and the API never serves a broken file.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FileCrashRecoveryTests(PostgresCluster cluster)
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AnUploadCutOffBeforeItsRenameIsRemovedAtStartUp(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        var partial = Path.Combine(storage.DataDirectory, FileStore.DirectoryName, FileIds.New() + ".partial");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await File.WriteAllBytesAsync(partial, new byte[1000]);

        using var store = Open(database, storage);
        var report = await store.ReconcileAsync();

        Assert.Equal(new FileReconciliation(true, PartialRemoved: 1, OrphansRemoved: 0, MarkedBroken: 0, Rows: 0), report);
        Assert.False(File.Exists(partial));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task BytesWhoseRowWasNeverWrittenAreRemovedAtStartUp(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        string orphan;
        using (var store = Open(database, storage))
        {
            // Killed after the rename, before the insert: the bytes have their final name and no row.
            using var staged = await store.StageAsync(new MemoryStream("orphan"u8.ToArray()), 100);
            orphan = Path.Combine(store.Directory, staged.Id);
            File.Move(orphan + ".partial", orphan);
            await store.CreateAsync("owner", "kept.txt", FilePurposes.Batch, new MemoryStream("kept"u8.ToArray()), 100);
            Assert.Single(await store.Records.AllAsync());
        }

        using var restarted = Open(database, storage);
        var report = await restarted.ReconcileAsync();

        Assert.Equal(1, report.OrphansRemoved);
        Assert.Equal(1, report.Rows);
        Assert.False(File.Exists(orphan));
        Assert.Single(Directory.EnumerateFiles(restarted.Directory), p => FileIds.IsWellFormed(Path.GetFileName(p)));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task BytesLeftByADeleteCutOffAfterItsRowAreRemovedAtStartUp(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        string path;
        using (var store = Open(database, storage))
        {
            var file = await store.CreateAsync("owner", "gone.jsonl", FilePurposes.Batch, new MemoryStream("bytes"u8.ToArray()), 100);
            path = Path.Combine(store.Directory, file.Id);
            // Killed after the row was deleted, before the unlink.
            Assert.True(await store.Records.DeleteAsync("owner", file.Id));
            Assert.True(File.Exists(path));
        }

        using var restarted = Open(database, storage);
        var report = await restarted.ReconcileAsync();

        Assert.Equal((1, 0), (report.OrphansRemoved, report.Rows));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task ARowWhoseBytesAreMissingOrCutShortIsMarkedErrorAtStartUp(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        using var database = storage.Open();
        FileRecord missing, truncated, intact;
        using (var store = Open(database, storage))
        {
            missing = await store.CreateAsync("owner", "missing.jsonl", FilePurposes.Batch, new MemoryStream(new byte[50]), 100);
            truncated = await store.CreateAsync("owner", "truncated.jsonl", FilePurposes.Batch, new MemoryStream(new byte[50]), 100);
            intact = await store.CreateAsync("owner", "intact.jsonl", FilePurposes.Batch, new MemoryStream(new byte[50]), 100);
            File.Delete(Path.Combine(store.Directory, missing.Id));
            File.WriteAllBytes(Path.Combine(store.Directory, truncated.Id), new byte[20]);
        }

        using var restarted = Open(database, storage);
        var report = await restarted.ReconcileAsync();

        Assert.Equal(2, report.MarkedBroken);
        Assert.Equal(FileRecord.Error, (await restarted.FindAsync("owner", missing.Id))!.Status);
        Assert.Contains("missing", (await restarted.FindAsync("owner", missing.Id))!.StatusDetails, StringComparison.Ordinal);
        Assert.Contains("20, not 50", (await restarted.FindAsync("owner", truncated.Id))!.StatusDetails, StringComparison.Ordinal);
        Assert.Equal(FileRecord.Processed, (await restarted.FindAsync("owner", intact.Id))!.Status);
        Assert.Null(await restarted.OpenContentAsync((await restarted.FindAsync("owner", missing.Id))!));
        await using var readable = await restarted.OpenContentAsync((await restarted.FindAsync("owner", intact.Id))!);
        Assert.NotNull(readable);
    }

    /// <summary>
    /// A second server on the same data directory must not take the first one's upload in progress for a crash's
    /// leftover: the sweep runs only when no other server holds the directory.
    /// </summary>
    [Fact]
    public async Task TheStartUpSweepWaitsUntilNoOtherServerUsesTheDirectory()
    {
        using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, cluster);
        using var database = storage.Open();
        var running = Open(database, storage);
        Assert.True((await running.ReconcileAsync()).Ran);
        var inProgress = Path.Combine(running.Directory, FileIds.New() + ".partial");
        await File.WriteAllBytesAsync(inProgress, new byte[10]);

        using (var second = Open(database, storage))
        {
            Assert.False((await second.ReconcileAsync()).Ran);
            Assert.True(File.Exists(inProgress));
        }

        running.Dispose();
        using var alone = Open(database, storage);
        Assert.Equal(1, (await alone.ReconcileAsync()).PartialRemoved);
    }

    /// <summary>Through a real server: bytes lost while it was down are found at start-up, and the API says so instead of serving them.</summary>
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task AfterARestartAFileWhoseBytesVanishedIsReportedAndNeverServed(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        var key = await TestKeys.CreateAsync(storage.DataDirectory, "crash", storage.ConnectionString);
        string id;
        await using (var first = await StartAsync(storage))
        {
            using var client = Client(first, key);
            id = await UploadAsync(client, new byte[1000]);
        }

        File.Delete(Path.Combine(storage.DataDirectory, FileStore.DirectoryName, id));
        await using var second = await StartAsync(storage);
        using var after = Client(second, key);

        using var meta = JsonDocument.Parse(await after.GetStringAsync($"/v1/files/{id}"));
        Assert.Equal("error", meta.RootElement.GetProperty("status").GetString());
        Assert.Contains("missing", meta.RootElement.GetProperty("status_details").GetString(), StringComparison.Ordinal);
        var error = await Envelope(await after.GetAsync($"/v1/files/{id}/content"), 404);
        Assert.Equal("file_unavailable", error.Code);
        Assert.Equal(HttpStatusCode.OK, (await after.DeleteAsync($"/v1/files/{id}")).StatusCode);
        await Envelope(await after.GetAsync($"/v1/files/{id}"), 404);
    }

    /// <summary>
    /// Bytes damaged in place (same length) are caught by their SHA-256 while being sent: the last chunk is held back,
    /// so the client gets a cut-off response, never a whole damaged file; a one-chunk file gets an error instead.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task DamagedBytesAreNeverDownloadedWhole(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        var key = await TestKeys.CreateAsync(storage.DataDirectory, "crash", storage.ConnectionString);
        await using var server = await StartAsync(storage);
        using var client = Client(server, key);
        var large = await UploadAsync(client, new byte[300_000]);
        var small = await UploadAsync(client, new byte[1000]);
        foreach (var id in new[] { large, small })
        {
            await using var file = new FileStream(Path.Combine(storage.DataDirectory, FileStore.DirectoryName, id), FileMode.Open, FileAccess.Write);
            file.Position = 500;
            file.WriteByte(1);
        }

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetByteArrayAsync($"/v1/files/{large}/content"));
        Assert.Equal("file_unavailable", (await Envelope(await client.GetAsync($"/v1/files/{small}/content"), 404)).Code);
        foreach (var id in new[] { large, small })
        {
            using var meta = JsonDocument.Parse(await client.GetStringAsync($"/v1/files/{id}"));
            Assert.Equal("error", meta.RootElement.GetProperty("status").GetString());
            Assert.Contains("SHA-256", meta.RootElement.GetProperty("status_details").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A client that gives up mid-upload leaves neither bytes nor a row.</summary>
    [Fact]
    public async Task AnUploadAbandonedMidwayLeavesNothing()
    {
        using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, cluster);
        var key = await TestKeys.CreateAsync(storage.DataDirectory, "crash", null);
        await using var server = await StartAsync(storage);
        using var client = Client(server, key);
        var pipe = new System.IO.Pipelines.Pipe();
        var content = new StreamContent(pipe.Reader.AsStream());
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Multipart.Boundary}");
        using var abandon = new CancellationTokenSource();
        var sending = client.PostAsync("/v1/files", content, abandon.Token);
        await pipe.Writer.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"--{Multipart.Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n"));
        await pipe.Writer.WriteAsync(new byte[200_000]);
        var files = Path.Combine(storage.DataDirectory, FileStore.DirectoryName);
        await WaitUntilAsync(() => Directory.EnumerateFiles(files, "*.partial").Any(), "the upload never reached the disk");

        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        await WaitUntilAsync(() => !Directory.EnumerateFiles(files, "*.partial").Any(), "the abandoned upload's bytes stayed on disk");
        using var listing = JsonDocument.Parse(await client.GetStringAsync("/v1/files"));
        Assert.Empty(listing.RootElement.GetProperty("data").EnumerateArray());
    }

    private static FileStore Open(Database database, TestStorage storage) => new(database, storage.DataDirectory, NullLogger<FileStore>.Instance);

    private static async Task<DeliberateServer> StartAsync(TestStorage storage)
    {
        var server = DeliberateServer.Create(FilesServer.Options(storage.DataDirectory, storage.ConnectionString), logging: _ => { });
        await server.StartAsync();
        return server;
    }

    private static HttpClient Client(DeliberateServer server, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] content)
    {
        using var response = await client.PostAsync("/v1/files", Multipart.Upload(content));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls for a state another thread reaches (not a timing check: the bound only keeps a broken build from hanging).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), failure);
    }
}
