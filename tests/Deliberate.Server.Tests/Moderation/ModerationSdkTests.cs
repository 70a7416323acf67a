using System.ClientModel;
using OpenAI;
using OpenAI.Moderations;
using Deliberate.Server.Tests.Server;

namespace Deliberate.Server.Tests.Moderation;

/// <summary>The official OpenAI .NET SDK's <see cref="ModerationClient"/>, unchanged, against the real server.</summary>
public sealed class ModerationSdkTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private ModerationClient Client(string model = "omni-moderation-latest") =>
        new(model, new ApiKeyCredential(server.Key), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });

    [Fact]
    public async Task ClassifiesAThreatAsThreateningHarassment()
    {
        ModerationResult result = await Client().ClassifyTextAsync("I swear I will break your legs.");
        Assert.True(result.Flagged);
        Assert.True(result.HarassmentThreatening.Flagged);
        Assert.InRange(result.HarassmentThreatening.Score, 0.5f, 1f);
        Assert.False(result.SexualMinors.Flagged);
    }

    [Fact]
    public async Task ClassifiesSeveralTextsInOrder()
    {
        ModerationResultCollection results = await Client("text-moderation-latest").ClassifyTextAsync(
            ["What is 15% of 80?", "I want to kill myself.", "How do I shoot a good photo at night?"]);
        Assert.Equal([false, true, false], results.Select(r => r.Flagged));
        Assert.True(results[1].SelfHarmIntent.Flagged);
        Assert.StartsWith("modr-", results.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownModelIsAClientErrorWith404()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("omni-moderation-9").ClassifyTextAsync("hi"));
        Assert.Equal(404, error.Status);
    }
}
