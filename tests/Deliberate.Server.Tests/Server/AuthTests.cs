using System.Net.Http.Headers;
using Deliberate.Server.Auth;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

public sealed class AuthTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task MissingKeyIs401InvalidApiKey()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var e = await Envelope(await anonymous.GetAsync("/v1/models"), 401);
        Assert.Equal("invalid_api_key", e.Code);
    }

    [Fact]
    public async Task WrongAndRevokedKeysAre401()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Key + "x");
        await Envelope(await client.GetAsync("/v1/models"), 401);

        using var database = Database.Open(server.DataDirectory, null);
        var store = new ApiKeyStore(database);
        var (record, secret) = await store.CreateAsync("short-lived");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.True((await client.GetAsync("/v1/models")).IsSuccessStatusCode);
        Assert.True(await store.RevokeAsync(record.Id));
        await Envelope(await client.GetAsync("/v1/models"), 401);
    }

    [Fact]
    public async Task HealthNeedsNoKey()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        Assert.True((await anonymous.GetAsync("/health")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task StoreKeepsOnlyHashes()
    {
        using var database = Database.Open(server.DataDirectory, null);
        var store = new ApiKeyStore(database);
        var (record, secret) = await store.CreateAsync("hash-check");
        Assert.StartsWith(ApiKeyStore.KeyPrefix, secret, StringComparison.Ordinal);
        // Committed rows sit in the write-ahead log until a checkpoint moves them into the database file: read both.
        var path = Path.Combine(server.DataDirectory, Database.SqliteFileName);
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(stream, System.Text.Encoding.Latin1);
            Assert.DoesNotContain(secret[8..], await text.ReadToEndAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(record.Id, await store.FindActiveAsync(secret));
        Assert.Null(await store.FindActiveAsync(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://192.168.1.5:8080", false)]
    [InlineData("http://127.0.0.1:8080;http://0.0.0.0:9000", false)]
    public void LoopbackDetection(string listen, bool loopback) => Assert.Equal(loopback, DeliberateServer.IsLoopback(listen));

    [Fact]
    public void NoAuthOffLoopbackRefusesToStart()
    {
        var options = new ServerOptions { Listen = "http://0.0.0.0:0", Auth = AuthMode.Off, DataDirectory = server.DataDirectory };
        options.Models.Add(BuiltinModels.Default(server.ModelPath));
        var e = Assert.Throws<InvalidOperationException>(() => DeliberateServer.Create(options));
        Assert.Contains("--no-auth", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoModeOnLoopbackTurnsOnWithTheFirstKeyAndStaysOnWhenTheLastIsRevoked()
    {
        using var directory = new TemporaryDirectory();
        using var database = Database.Open(directory.Path, null);
        var store = new ApiKeyStore(database);
        var loopback = new AuthPolicy(AuthMode.Auto, loopback: true, store);
        var exposed = new AuthPolicy(AuthMode.Auto, loopback: false, store);
        Assert.False(await loopback.RequiredAsync(LocalRequest()));
        Assert.True(await exposed.RequiredAsync(LocalRequest()));
        var (record, _) = await store.CreateAsync(null);
        Assert.True(await loopback.RequiredAsync(LocalRequest()));
        Assert.True(await store.RevokeAsync(record.Id));
        Assert.True(await loopback.RequiredAsync(LocalRequest()));
        Assert.True(await new AuthPolicy(AuthMode.Auto, loopback: true, store).RequiredAsync(LocalRequest()), "a restarted server stays locked too");
        Assert.False(await new AuthPolicy(AuthMode.Off, loopback: true, store).RequiredAsync(LocalRequest()), "only auth off opens it again");
    }

    [Theory]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("X-Forwarded-Host", "api.example.com")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    [InlineData("Via", "1.1 nginx")]
    public async Task AutoModeNeverTreatsAProxiedRequestAsLocal(string header, string value)
    {
        using var directory = new TemporaryDirectory();
        using var database = Database.Open(directory.Path, null);
        var policy = new AuthPolicy(AuthMode.Auto, loopback: true, new ApiKeyStore(database));
        var request = LocalRequest();
        Assert.False(await policy.RequiredAsync(request));
        request.Headers[header] = value;
        Assert.True(await policy.RequiredAsync(request));
        Assert.False(await new AuthPolicy(AuthMode.Off, loopback: true, new ApiKeyStore(database)).RequiredAsync(request), "auth off means off");
    }

    [Fact]
    public async Task AutoModeRequiresAKeyFromAnAddressThatIsNotLoopback()
    {
        using var directory = new TemporaryDirectory();
        using var database = Database.Open(directory.Path, null);
        var policy = new AuthPolicy(AuthMode.Auto, loopback: true, new ApiKeyStore(database));
        Assert.True(await policy.RequiredAsync(LocalRequest(System.Net.IPAddress.Parse("192.168.1.20"))));
    }

    /// <summary>
    /// The defect over a real port: an auto-mode server on loopback is open until a key is created, refuses proxied
    /// requests from the start, and once its only key is revoked refuses that key and no key alike — and says at start
    /// that it serves without keys.
    /// </summary>
    [Fact]
    public async Task AutoModeServerStaysLockedAfterItsOnlyKeyIsRevoked()
    {
        using var directory = new TemporaryDirectory();
        var logs = new LogCollector();
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.Auto, DataDirectory = directory.Path, Threads = 1 };
        options.Models.Add(BuiltinModels.Default(server.ModelPath));
        await using var auto = DeliberateServer.Create(options, logging: builder => builder.AddProvider(logs));
        await auto.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(auto.Addresses[0]) };

        Assert.Equal(200, (int)(await client.GetAsync("/v1/models")).StatusCode);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("without API keys", StringComparison.Ordinal));
        using (var proxied = new HttpRequestMessage(HttpMethod.Get, "/v1/models"))
        {
            proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
            await Envelope(await client.SendAsync(proxied), 401);
        }

        using var database = Database.Open(directory.Path, null);
        var store = new ApiKeyStore(database);
        var (record, secret) = await store.CreateAsync("leaked");
        await Envelope(await client.GetAsync("/v1/models"), 401);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(200, (int)(await client.GetAsync("/v1/models")).StatusCode);

        Assert.True(await store.RevokeAsync(record.Id));
        await Envelope(await client.GetAsync("/v1/models"), 401);
        client.DefaultRequestHeaders.Authorization = null;
        await Envelope(await client.GetAsync("/v1/models"), 401);
    }

    [Fact]
    public async Task ServerWithKeysRequiredLogsNoWarning()
    {
        await server.Http.GetAsync("/health");
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains("without API keys", StringComparison.Ordinal));
    }

    private static HttpRequest LocalRequest(System.Net.IPAddress? remote = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote ?? System.Net.IPAddress.Loopback;
        return context.Request;
    }
}
