using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;
using Deliberate.Server.Tests.Storage;

namespace Deliberate.Server.Tests.Files;

/// <summary>
/// Whose a file is when no key is needed: every request then has the one owner <c>local</c>, whatever key it carries;
/// once <c>auth: auto</c> locks with the first key, that key owns its own files and sees none of the local ones.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FileOwnerTests(PostgresCluster cluster)
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task WithoutKeysEveryRequestSharesTheLocalOwner(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        await using var server = await StartAsync(storage, AuthMode.Off);
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        using var withSomeKey = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        withSomeKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-anything");

        var id = await UploadAsync(withSomeKey);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/v1/files/{id}")).StatusCode);
        Assert.Equal([id], await ListAsync(anonymous));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task TheFirstKeyLocksAutoModeAndOwnsOnlyItsOwnFiles(DatabaseProvider provider)
    {
        using var storage = await TestStorage.CreateAsync(provider, cluster);
        await using var server = await StartAsync(storage, AuthMode.Auto);
        using var local = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        var localFile = await UploadAsync(local);

        var key = await TestKeys.CreateAsync(storage.DataDirectory, "first", storage.ConnectionString);
        using var keyed = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        keyed.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await local.GetAsync("/v1/files")).StatusCode);
        Assert.Empty(await ListAsync(keyed));
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.GetAsync($"/v1/files/{localFile}")).StatusCode);
        var keyedFile = await UploadAsync(keyed);
        Assert.Equal([keyedFile], await ListAsync(keyed));
    }

    private static async Task<DeliberateServer> StartAsync(TestStorage storage, AuthMode auth)
    {
        var options = FilesServer.Options(storage.DataDirectory, storage.ConnectionString);
        options.Auth = auth;
        var server = DeliberateServer.Create(options, logging: _ => { });
        await server.StartAsync();
        return server;
    }

    private static async Task<string> UploadAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/v1/files", Multipart.Upload("x"u8.ToArray()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<List<string>> ListAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/v1/files"));
        return json.RootElement.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
    }
}
