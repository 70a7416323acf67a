using System.Net.Sockets;
using System.Text;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// Every HTTP error carries the OpenAI envelope, including those routing and Kestrel produce before any endpoint runs.
/// What HttpClient refuses to send (a request target with <c>%00</c>, a broken request line) goes over a raw socket.
/// </summary>
public sealed class HttpErrorEnvelopeTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task WrongMethodOnAKnownRouteIs405InvalidRequestErrorNamingMethodAndUrl()
    {
        using var response = await server.Http.GetAsync("/v1/chat/completions");
        var e = await Envelope(response, 405);
        Assert.Equal(("invalid_request_error", "method_not_allowed"), (e.Type, e.Code));
        Assert.Contains("GET /v1/chat/completions", e.Message, StringComparison.Ordinal);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task UnknownUrlIs404NamingMethodAndUrl()
    {
        var e = await Envelope(await server.Http.DeleteAsync("/v1/nothing-here"), 404);
        Assert.Contains("DELETE /v1/nothing-here", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/%00")]
    [InlineData("/v1/models%00")]
    [InlineData("/v1/a b")]
    [InlineData("v1/models")]
    public async Task RequestTargetKestrelRejectsIs400Envelope(string target)
    {
        var (status, headers, body) = await RawAsync($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(400, status);
        Assert.Contains("Content-Type: application/json", headers, StringComparison.OrdinalIgnoreCase);
        var e = await Envelope(Response(400, body), 400);
        Assert.Equal(("invalid_request_error", "invalid_http_request"), (e.Type, e.Code));
    }

    [Fact]
    public async Task MalformedHeaderIs400Envelope()
    {
        var (status, _, body) = await RawAsync("GET /health HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n");
        Assert.Equal(400, status);
        await Envelope(Response(400, body), 400);
    }

    [Fact]
    public async Task UnsupportedHttpVersionIsAnEnvelope()
    {
        var (status, _, body) = await RawAsync("GET /health HTTP/2.7\r\nHost: x\r\n\r\n");
        Assert.True(status is 400 or 505, $"status {status}");
        await Envelope(Response(status, body), status);
    }

    [Fact]
    public async Task HeadersOverTheLimitAre431Envelope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("X-Padding", new string('a', 80 * 1024));
        var e = await Envelope(await server.Http.SendAsync(request), 431);
        Assert.Equal("request_headers_too_large", e.Code);
    }

    /// <summary>A rejection after a good request on the same connection is enveloped too, and the good answer is untouched.</summary>
    [Fact]
    public async Task RejectionAfterAnAnsweredRequestOnOneConnectionIsAnEnvelope()
    {
        var (status, headers, body) = await RawAsync("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/%00 HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, status);
        Assert.StartsWith("{\"status\":\"ok\"}", body, StringComparison.Ordinal);
        var second = body[body.IndexOf("HTTP/1.1 ", StringComparison.Ordinal)..];
        Assert.StartsWith("HTTP/1.1 400", second, StringComparison.Ordinal);
        await Envelope(Response(400, second[(second.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]), 400);
        Assert.Contains("x-request-id", headers, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EnvelopesCarryTheRequestId()
    {
        using var response = await server.Http.PostAsync("/v1/chat/completions", Json("""{"model":"o3-mini","messages":[{"role":"user","content":"\ud800"}]}"""));
        await Envelope(response, 400);
        Assert.StartsWith("req_", Assert.Single(response.Headers.GetValues("x-request-id")), StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="request"/> as bytes and reads until the server closes: status, head, everything after the head.</summary>
    private async Task<(int Status, string Head, string Body)> RawAsync(string request)
    {
        var uri = new Uri(server.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headEnd > 0, $"no response head: {text}");
        return (int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), text[..headEnd], text[(headEnd + 4)..]);
    }

    private static HttpResponseMessage Response(int status, string body) =>
        new((System.Net.HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
