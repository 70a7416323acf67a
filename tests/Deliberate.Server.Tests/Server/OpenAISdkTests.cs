#pragma warning disable OPENAI001 // seed, effort and developer messages are marked experimental in the SDK; we test that they work.
using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace Deliberate.Server.Tests.Server;

/// <summary>The official OpenAI .NET SDK, unchanged, against the real server and engine.</summary>
public sealed class OpenAISdkTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private OpenAIClientOptions Options => new() { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) };

    private ChatClient Chat(string model = "o3-mini") => new(model, new ApiKeyCredential(server.Key), Options);

    [Fact]
    public async Task ListsModelsAndAliases()
    {
        var models = new OpenAIClient(new ApiKeyCredential(server.Key), Options).GetOpenAIModelClient();
        var ids = (await models.GetModelsAsync()).Value.Select(m => m.Id).ToList();
        Assert.Contains("deliberate-nano", ids);
        Assert.Contains("o3-mini", ids);
        Assert.Contains("o3-mini-high", ids);
        Assert.Equal("o3-mini", (await models.GetModelAsync("o3-mini")).Value.Id);
        var e = await Assert.ThrowsAsync<ClientResultException>(() => models.GetModelAsync("nope"));
        Assert.Equal(404, e.Status);
    }

    [Fact]
    public async Task UnsupportedParameterSurfacesAs400()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(() =>
            Chat().CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { Temperature = 0.2f }));
        Assert.Equal(400, e.Status);
        Assert.Contains("temperature", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletesWithUsageWithinTheCap()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 12, ReasoningEffortLevel = ChatReasoningEffortLevel.Low, Seed = 1 };
        ChatCompletion completion = await Chat().CompleteChatAsync([new DeveloperChatMessage("Be brief."), new UserChatMessage("What is 2+2?")], options);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 12);
        Assert.True(completion.Usage.InputTokenCount > 5);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.InRange(completion.Usage.OutputTokenDetails.ReasoningTokenCount, 0, completion.Usage.OutputTokenCount);
        Assert.InRange(completion.Usage.InputTokenDetails.CachedTokenCount, 0, completion.Usage.InputTokenCount - 1);
        Assert.True(completion.FinishReason is ChatFinishReason.Stop or ChatFinishReason.Length);
    }

    [Fact]
    public async Task SameSeedSameAnswer()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 10, Seed = 42 };
        ChatCompletion a = await Chat().CompleteChatAsync([new UserChatMessage("Count to three.")], options);
        ChatCompletion b = await Chat().CompleteChatAsync([new UserChatMessage("Count to three.")], options);
        Assert.Equal(a.Content.Count == 0 ? "" : a.Content[0].Text, b.Content.Count == 0 ? "" : b.Content[0].Text);
        Assert.Equal(a.Usage.OutputTokenCount, b.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task StreamsWithFinalUsage()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 10, Seed = 3 };
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        var updates = 0;
        await foreach (var update in Chat("o3-mini-high").CompleteChatStreamingAsync([new UserChatMessage("Say hello.")], options))
        {
            updates++;
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.True(updates >= 3);
        Assert.NotNull(usage);
        Assert.InRange(usage.OutputTokenCount, 1, 10);
        Assert.NotNull(finish);
    }
}
