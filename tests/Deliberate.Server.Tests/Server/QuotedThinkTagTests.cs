using System.Text.Json;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>A user who merely writes "&lt;think&gt;" must not switch the answer into the reasoning channel.</summary>
public sealed class QuotedThinkTagTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ThinkTagInUserTextLeavesTheAnswerInContent()
    {
        // The two requests differ only in the quoted tag; the synthetic model never opens <think> itself (see ServerFixture).
        var plain = await ReasoningTokens("What does <b> mean in HTML?");
        var quoted = await ReasoningTokens("What does <think> mean in HTML?");
        Assert.Equal(0, plain);
        Assert.Equal(plain, quoted);
    }

    private async Task<int> ReasoningTokens(string question)
    {
        var body = JsonSerializer.Serialize(new
        {
            model = "o3-mini",
            messages = new[] { new { role = "user", content = question } },
            include_reasoning = true,
            max_completion_tokens = 8,
            seed = 1,
        });
        var response = await server.Http.PostAsync("/v1/chat/completions", Json(body));
        Assert.Equal(200, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32();
    }
}
