using System.Text.Json;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// The open models' <c>min_p</c> and <c>top_k</c> extensions reach the sampler: with either cut to the single most
/// likely token, a hot seeded sample is the greedy reply; without the cut the same seed leaves it.
/// </summary>
public sealed class SamplingExtensionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<string> Reply(string sampling)
    {
        var body = $$"""{"model":"tiny-open","messages":[{"role":"user","content":"tell me"}],"max_completion_tokens":24,"n":4,"seed":7,{{sampling}}}""";
        var response = await server.Http.PostAsync("/v1/chat/completions", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var doc = JsonDocument.Parse(text);
        return string.Join("\n---\n", doc.RootElement.GetProperty("choices").EnumerateArray()
            .Select(c => c.GetProperty("message").GetProperty("content").GetString()));
    }

    [Theory]
    [InlineData("\"min_p\":1")]
    [InlineData("\"top_k\":1")]
    public async Task ACutToTheTopTokenMakesHotSamplesGreedy(string cut)
    {
        var greedy = await Reply("\"temperature\":0");
        Assert.NotEqual(greedy, await Reply("\"temperature\":2"));
        Assert.Equal(greedy, await Reply($"\"temperature\":2,{cut}"));
    }
}
