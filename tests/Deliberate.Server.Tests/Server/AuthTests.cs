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

        var store = new ApiKeyStore(server.DataDirectory);
        var (record, secret) = store.Create("short-lived");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.True((await client.GetAsync("/v1/models")).IsSuccessStatusCode);
        Assert.True(store.Revoke(record.Id));
        await Envelope(await client.GetAsync("/v1/models"), 401);
    }

    [Fact]
    public async Task HealthNeedsNoKey()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        Assert.True((await anonymous.GetAsync("/health")).IsSuccessStatusCode);
    }

    [Fact]
    public void StoreKeepsOnlyHashes()
    {
        var store = new ApiKeyStore(server.DataDirectory);
        var (_, secret) = store.Create("hash-check");
        Assert.StartsWith(ApiKeyStore.KeyPrefix, secret, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(store.DatabasePath);
        Assert.DoesNotContain(secret[8..], System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.True(store.Verify(secret));
        Assert.False(store.Verify(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
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
    public void StoreRemembersThatAKeyWasCreatedAfterItIsRevoked()
    {
        using var directory = new TemporaryDirectory();
        var store = new ApiKeyStore(directory.Path);
        Assert.False(store.AnyCreated());
        var (record, _) = store.Create(null);
        Assert.True(store.Revoke(record.Id));
        Assert.True(store.AnyCreated());
        Assert.True(new ApiKeyStore(directory.Path).AnyCreated());
    }

    [Fact]
    public void AutoModeOnLoopbackTurnsOnWithTheFirstKeyAndStaysOnWhenTheLastIsRevoked()
    {
        using var directory = new TemporaryDirectory();
        var store = new ApiKeyStore(directory.Path);
        var loopback = new AuthPolicy(AuthMode.Auto, loopback: true, store);
        var exposed = new AuthPolicy(AuthMode.Auto, loopback: false, store);
        Assert.False(loopback.Required(LocalRequest()));
        Assert.True(exposed.Required(LocalRequest()));
        var (record, _) = store.Create(null);
        Assert.True(loopback.Required(LocalRequest()));
        Assert.True(store.Revoke(record.Id));
        Assert.True(loopback.Required(LocalRequest()));
        Assert.True(new AuthPolicy(AuthMode.Auto, loopback: true, store).Required(LocalRequest()), "a restarted server stays locked too");
        Assert.False(new AuthPolicy(AuthMode.Off, loopback: true, store).Required(LocalRequest()), "only auth off opens it again");
    }

    [Theory]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("X-Forwarded-Host", "api.example.com")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    [InlineData("Via", "1.1 nginx")]
    public void AutoModeNeverTreatsAProxiedRequestAsLocal(string header, string value)
    {
        using var directory = new TemporaryDirectory();
        var policy = new AuthPolicy(AuthMode.Auto, loopback: true, new ApiKeyStore(directory.Path));
        var request = LocalRequest();
        Assert.False(policy.Required(request));
        request.Headers[header] = value;
        Assert.True(policy.Required(request));
        Assert.False(new AuthPolicy(AuthMode.Off, loopback: true, new ApiKeyStore(directory.Path)).Required(request), "auth off means off");
    }

    [Fact]
    public void AutoModeRequiresAKeyFromAnAddressThatIsNotLoopback()
    {
        using var directory = new TemporaryDirectory();
        var policy = new AuthPolicy(AuthMode.Auto, loopback: true, new ApiKeyStore(directory.Path));
        Assert.True(policy.Required(LocalRequest(System.Net.IPAddress.Parse("192.168.1.20"))));
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

        var store = new ApiKeyStore(directory.Path);
        var (record, secret) = store.Create("leaked");
        await Envelope(await client.GetAsync("/v1/models"), 401);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(200, (int)(await client.GetAsync("/v1/models")).StatusCode);

        Assert.True(store.Revoke(record.Id));
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
