using System.Text.Json;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>The literal bytes on the wire: SSE framing, required keys, usage chunk, [DONE], reasoning never in content.</summary>
public sealed class WireTranscriptTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task StreamIsDataOnlySseEndingInUsageThenDone()
    {
        const string request = """
            {"model":"o3-mini","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":[{"type":"text","text":"Hi"}],"name":"ann"}],
             "stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":8,"seed":5,"user":"u1","metadata":{"k":"v"},"store":false,
             "include_reasoning":true,"reasoning_effort":"low","stop":["zzzz"],"n":2}
            """;
        var response = await server.Http.PostAsync("/v1/chat/completions", Json(request));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.DoesNotContain("event:", text, StringComparison.Ordinal);
        Assert.Equal("data: [DONE]", events[^1]);

        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        var id = chunks[0].GetProperty("id").GetString();
        Assert.All(chunks, c => Assert.Equal(id, c.GetProperty("id").GetString()));
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var usage = chunks[^1];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        var completionTokens = usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.InRange(completionTokens, 2, 16);
        foreach (var chunk in chunks[..^1])
        {
            Assert.Equal(JsonValueKind.Null, chunk.GetProperty("usage").ValueKind);
            var choice = chunk.GetProperty("choices")[0];
            Assert.True(choice.TryGetProperty("finish_reason", out _));
            Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        }

        foreach (var index in new[] { 0, 1 })
        {
            var mine = chunks[..^1].Where(c => c.GetProperty("choices")[0].GetProperty("index").GetInt32() == index).ToList();
            Assert.Equal("assistant", mine[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
            Assert.Single(mine, c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("role", out _));
            Assert.Single(mine, c => c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String);
            Assert.Contains(mine[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
        }
    }

    [Fact]
    public async Task WholeResponseHasEveryRequiredKey()
    {
        var response = await server.Http.PostAsync("/v1/chat/completions",
            Json("""{"model":"o3-mini","messages":[{"role":"developer","content":"x"},{"role":"user","content":"y"}],"max_completion_tokens":6}"""));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("o3-mini", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        var message = choice.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("refusal").ValueKind);
        Assert.Equal(JsonValueKind.String, message.GetProperty("content").ValueKind);
        Assert.False(message.TryGetProperty("reasoning_content", out _));
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        var usage = root.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens_details").TryGetProperty("cached_tokens", out _));
        Assert.True(usage.GetProperty("completion_tokens_details").TryGetProperty("reasoning_tokens", out _));
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 1, 6);
    }

    [Fact]
    public async Task OpenPolicyHonoursSamplingParameters()
    {
        var response = await server.Http.PostAsync("/v1/chat/completions",
            Json("""{"model":"tiny-open","messages":[{"role":"user","content":"y"}],"max_completion_tokens":4,"temperature":0,"top_p":0.5,"presence_penalty":0.1}"""));
        Assert.Equal(200, (int)response.StatusCode);
        var bad = await Envelope(await server.Http.PostAsync("/v1/chat/completions",
            Json("""{"model":"tiny-open","messages":[{"role":"user","content":"y"}],"temperature":3}""")), 400);
        Assert.Equal("temperature", bad.Param);
    }

    [Fact]
    public async Task DisconnectStopsGenerationAndFreesTheSlot()
    {
        using var cts = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json("""{"model":"o3-mini","messages":[{"role":"user","content":"go"}],"stream":true,"max_completion_tokens":400}"""),
        };
        var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[64];
        Assert.True(await stream.ReadAsync(buffer, cts.Token) > 0);
        cts.Cancel();
        response.Dispose();

        // A later request is admitted and completes while the abandoned one winds down.
        var next = await server.Http.PostAsync("/v1/chat/completions", Json("""{"model":"o3-mini","messages":[{"role":"user","content":"y"}],"max_completion_tokens":2}"""));
        Assert.Equal(200, (int)next.StatusCode);

        // The engine stops the abandoned generation (its sequence would otherwise decode on to 400 tokens).
        var active = -1.0;
        for (var i = 0; i < 100 && active != 0; i++)
        {
            await Task.Delay(50);
            active = (await PrometheusScrape.ReadAsync(server.Http)).Value("deliberate_active_sequences");
        }

        Assert.Equal(0, active);
    }

    [Fact]
    public async Task MetricsAndHealth()
    {
        await server.Http.GetAsync("/v1/models");
        var metrics = await PrometheusScrape.ReadAsync(server.Http);
        Assert.True(metrics.Value("deliberate_http_requests_total", ("route", "/v1/models"), ("status", "200")) >= 1, metrics.Text);
        Assert.Equal("histogram", metrics.TypeOf("deliberate_time_to_first_token_seconds"));
        Assert.True(metrics.Has("deliberate_queue_depth"), metrics.Text);
        Assert.True((await server.Http.GetAsync("/ready")).IsSuccessStatusCode);
    }
}
