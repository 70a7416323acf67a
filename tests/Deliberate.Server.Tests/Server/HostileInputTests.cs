using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// 240 seeded malformed or hostile requests: each must get a 4xx with the error envelope (never a 5xx, hang or
/// bare page), and the server must still be healthy afterwards.
/// </summary>
public sealed class HostileInputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string UseKey = "<the fixture's key>";
    private const string Valid = """{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":1}""";

    [Fact]
    public async Task EveryHostileRequestGetsA4xxEnvelope()
    {
        var random = new Random(20260125);
        var cases = Generate(random).ToList();
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        var failures = new List<string>();
        foreach (var (label, body, contentType, auth) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/v1/chat/completions") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
            request.Headers.Authorization = auth is null ? null : new AuthenticationHeaderValue("Bearer", auth);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500 || !IsEnvelope(text))
            {
                failures.Add($"{label}: {status} {text[..Math.Min(200, text.Length)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True((await server.Http.GetAsync("/health")).IsSuccessStatusCode);
    }

    /// <summary>
    /// A body over the 4 MiB limit: sent over a raw socket (headers announce 5 MiB, only a little follows) because
    /// Kestrel answers before reading it all, and HttpClient reports the early answer as a broken pipe.
    /// </summary>
    [Fact]
    public async Task OversizedBodyIs413Envelope()
    {
        var uri = new Uri(server.BaseUrl);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {server.Key}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {5 * 1024 * 1024}\r\nConnection: close\r\n\r\n{{\"model\":\"o3-mini\",";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        var body = response.Split("\r\n").Single(line => line.StartsWith("{\"error\"", StringComparison.Ordinal));
        Assert.True(IsEnvelope(body), response);
        Assert.True((await server.Http.GetAsync("/health")).IsSuccessStatusCode);
    }

    /// <summary>Values of the right type for a field (an empty stop list, a negative seed) are not hostile.</summary>
    private static bool Acceptable(string field, string value) => (field, value) switch
    {
        ("seed", "-1") or ("stop", "[]") or ("stop", "\"x\"") or ("metadata", "{}") or ("tools", "[]") or ("user", "\"x\"") => true,
        ("stream" or "store" or "include_reasoning", "true") => true,
        _ => false,
    };

    private static bool IsEnvelope(string text)
    {
        try
        {
            var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
            return error.GetProperty("message").ValueKind == JsonValueKind.String && error.TryGetProperty("type", out _)
                && error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private IEnumerable<(string Label, byte[] Body, string? ContentType, string? Auth)> Generate(Random random)
    {
        const string json = "application/json";
        var key = server.Key;
        (string, byte[], string?, string?) Case(string label, string body, string? type = json, string? auth = UseKey) =>
            (label, Encoding.UTF8.GetBytes(body), type, ReferenceEquals(auth, UseKey) ? key : auth);

        // Truncated and corrupted JSON.
        for (var i = 0; i < 40; i++)
        {
            var cut = random.Next(0, Valid.Length - 1);
            yield return Case($"truncated@{cut}", Valid[..cut]);
        }

        for (var i = 0; i < 20; i++)
        {
            var chars = Valid.ToCharArray();
            chars[random.Next(chars.Length)] = "{}[]\",:\\"[random.Next(8)];
            var body = new string(chars);
            if (body != Valid)
            {
                yield return Case($"corrupted#{i}", body);
            }
        }

        // Wrong types for every field.
        string[] fields = ["model", "messages", "reasoning_effort", "max_completion_tokens", "n", "seed", "stop", "stream", "stream_options", "user", "metadata", "store", "include_reasoning", "tools", "tool_choice", "response_format"];
        string[] wrongValues = ["{}", "[]", "\"x\"", "true", "1.5", "-1", "[1,2]", "{\"a\":{}}"];
        foreach (var field in fields)
        {
            foreach (var value in wrongValues.Where(v => !Acceptable(field, v)).OrderBy(_ => random.Next()).Take(4))
            {
                var others = new Dictionary<string, string> { ["model"] = "\"o3-mini\"", ["messages"] = "[{\"role\":\"user\",\"content\":\"hi\"}]", ["max_completion_tokens"] = "1" };
                others[field] = value;
                yield return Case($"type:{field}={value}", "{" + string.Join(',', others.Select(kv => $"\"{kv.Key}\":{kv.Value}")) + "}");
            }
        }

        // Huge numbers.
        foreach (var number in new[] { "1e400", "99999999999999999999999", "-99999999999999999999", "1e-400", "NaN", "Infinity", "0x10", "1_000" })
        {
            yield return Case($"huge:n={number}", $$"""{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"n":{{number}}}""");
            yield return Case($"huge:max={number}", $$"""{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":{{number}}}""");
        }

        // Deep nesting.
        foreach (var depth in new[] { 65, 200, 5000 })
        {
            yield return Case($"deep-array:{depth}", $$"""{"model":"o3-mini","messages":{{new string('[', depth)}}{{new string(']', depth)}}}""");
            yield return Case($"deep-object:{depth}", "{\"metadata\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth + 1));
        }

        // Unknown fields.
        for (var i = 0; i < 20; i++)
        {
            var name = new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
            yield return Case($"unknown:{name}", $$"""{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"zz_{{name}}":1}""");
            yield return Case($"unknown-in-message:{name}", $$"""{"model":"o3-mini","messages":[{"role":"user","content":"hi","zz_{{name}}":1}]}""");
        }

        // Bad roles and message shapes.
        foreach (var role in new[] { "\"\"", "\"root\"", "\"USER\"", "\"function\"", "null", "1", "[]", "\"assistant\\u0000\"" })
        {
            yield return Case($"role:{role}", $$"""{"model":"o3-mini","messages":[{"role":{{role}},"content":"hi"}]}""");
        }

        foreach (var messages in new[] { "[]", "null", "[null]", "[{}]", "[1]", "[\"hi\"]", "[{\"role\":\"user\"}]", "[{\"role\":\"user\",\"content\":null}]",
            "[{\"role\":\"user\",\"content\":[]}]", "[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]", "[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]",
            "[{\"role\":\"user\",\"content\":[{}]}]", "[{\"role\":\"user\",\"content\":{\"text\":\"hi\"}}]", "[{\"role\":\"tool\",\"content\":\"x\"}]",
            "[{\"role\":\"user\",\"content\":\"x\",\"tool_calls\":[]}]", "[{\"role\":\"user\",\"content\":5}]" })
        {
            yield return Case($"messages:{messages}", $$"""{"model":"o3-mini","messages":{{messages}}}""");
        }

        yield return Case("missing-messages", """{"model":"o3-mini"}""");
        yield return Case("missing-model", """{"messages":[{"role":"user","content":"hi"}]}""");
        yield return Case("empty-body", "");
        yield return Case("json-array-body", "[]");
        yield return Case("json-string-body", "\"hi\"");
        yield return Case("json-null-body", "null");
        yield return Case("duplicate-stream-options", """{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":true}}""");
        yield return Case("n-too-big", """{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"n":1000}""");
        yield return Case("n-zero", """{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"n":0}""");
        yield return Case("stop-5", """{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e"]}""");
        yield return Case("metadata-17", "{\"model\":\"o3-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{" + string.Join(',', Enumerable.Range(0, 17).Select(i => $"\"k{i}\":\"v\"")) + "}}");

        // Invalid UTF-8.
        for (var i = 0; i < 10; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(Valid.Replace("hi", "h\u00e9llo", StringComparison.Ordinal)).ToList();
            var at = Encoding.UTF8.GetBytes(Valid[..Valid.IndexOf("hi", StringComparison.Ordinal)]).Length;
            bytes.Insert(at + 1, (byte)random.Next(0x80, 0x100));
            bytes.Insert(at + 1, 0xff);
            yield return ($"utf8#{i}", bytes.ToArray(), json, key);
        }

        // Wrong content types.
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml" })
        {
            yield return Case($"content-type:{type}", Valid, type);
        }

        yield return ("content-type:none", Encoding.UTF8.GetBytes(Valid), null, key);

        // Missing or bad auth.
        foreach (var auth in new[] { null, "", "dlb-", "sk-123", "dlb-" + new string('A', 43), new string('x', 300) })
        {
            yield return Case($"auth:{auth?.Length.ToString() ?? "none"}", Valid, json, auth);
        }
    }
}
