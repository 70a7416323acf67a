using System.Net.Http.Headers;
using Deliberate.Server.Auth;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;
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
    public void AutoModeOnLoopbackTurnsOnWithTheFirstKey()
    {
        var directory = Path.Combine(Path.GetTempPath(), "deliberate-auth-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var store = new ApiKeyStore(directory);
            var loopback = new AuthPolicy(AuthMode.Auto, loopback: true, store);
            var exposed = new AuthPolicy(AuthMode.Auto, loopback: false, store);
            Assert.False(loopback.Required());
            Assert.True(exposed.Required());
            var (record, _) = store.Create(null);
            Assert.True(loopback.Required());
            store.Revoke(record.Id);
            Assert.False(loopback.Required());
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
