using System.Text.Json;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// Under a JSON response format the model may decline by opening its answer with a refusal phrase; the reply then
/// carries <c>message.refusal</c> (stream: <c>delta.refusal</c>) and <c>content: null</c>, as OpenAI's does. The random
/// test model is steered into it with <c>logit_bias</c> on the phrase's first token (open policy).
/// </summary>
public sealed class RefusalTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Schema = """{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false}""";

    private string Body(bool stream, bool steer, int seed = 3)
    {
        var first = server.LoadTokenizer().Encode("I'm sorry", addSpecial: false)[0];
        var bias = steer ? $$""","logit_bias":{"{{first}}":100}""" : "";
        var streamFlag = stream ? "true" : "false";
        return "{\"model\":\"tiny-open\",\"messages\":[{\"role\":\"user\",\"content\":\"Is it ok?\"}],\"max_completion_tokens\":40,\"seed\":" + seed + ","
            + $"\"stream\":{streamFlag},\"response_format\":{{\"type\":\"json_schema\",\"json_schema\":{{\"name\":\"ok\",\"strict\":true,\"schema\":{Schema}}}}}{bias}}}";
    }

    [Fact]
    public async Task ARefusalIsReportedInRefusalWithNullContent()
    {
        using var response = await server.Http.PostAsync("/v1/chat/completions", Json(Body(stream: false, steer: true)));
        Assert.Equal(200, (int)response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = doc.RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        Assert.StartsWith("I", message.GetProperty("refusal").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamedRefusalArrivesInRefusalDeltas()
    {
        using var response = await server.Http.PostAsync("/v1/chat/completions", Json(Body(stream: true, steer: true)));
        var refusal = new System.Text.StringBuilder();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)))
        {
            using var chunk = JsonDocument.Parse(line[6..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                var delta = choice.GetProperty("delta");
                Assert.False(delta.TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 }, "refusal text leaked into content");
                if (delta.TryGetProperty("refusal", out var piece))
                {
                    refusal.Append(piece.GetString());
                }
            }
        }

        Assert.StartsWith("I", refusal.ToString().TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheNudgeTheModelChoosesJsonOrRefusalButNeverMixesThem()
    {
        var answered = 0;
        for (var seed = 1; seed <= 8; seed++)
        {
            using var response = await server.Http.PostAsync("/v1/chat/completions", Json(Body(stream: false, steer: false, seed)));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var message = doc.RootElement.GetProperty("choices")[0].GetProperty("message");
            if (message.GetProperty("refusal").ValueKind == JsonValueKind.String)
            {
                Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
                continue;
            }

            using var answer = JsonDocument.Parse(message.GetProperty("content").GetString()!);
            Assert.Contains(answer.RootElement.GetProperty("ok").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            answered++;
        }

        Assert.True(answered > 0, "every seed refused");
    }
}
