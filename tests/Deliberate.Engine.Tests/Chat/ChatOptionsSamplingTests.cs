using System.Text.Json;
using Deliberate.Engine.Chat;
using Microsoft.Extensions.AI;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// How <see cref="ChatOptions"/> become the engine's sampler settings, min-p included: it has no ChatOptions
/// property, so callers pass it as the additional property <c>min_p</c>, as vLLM and llama.cpp name it.
/// </summary>
public sealed class ChatOptionsSamplingTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 2 + 2?")];

    private static ChatOptions Sampled(object? minP) => new()
    {
        Temperature = 0.6f,
        TopP = 0.9f,
        AdditionalProperties = minP is null ? null : new AdditionalPropertiesDictionary { ["min_p"] = minP },
    };

    public static TheoryData<object, float> MinPValues => new()
    {
        { 0.1f, 0.1f },
        { 0.25, 0.25f },
        { 1m, 1f },
        { 0, 0f },
        { JsonSerializer.Deserialize<JsonElement>("0.05"), 0.05f },
    };

    [Theory]
    [MemberData(nameof(MinPValues))]
    public void MinPReachesTheSamplerFromTheAdditionalProperty(object given, float expected)
    {
        var sampling = EngineChatClient.ToRequest(Question, Sampled(given)).Sampling;
        Assert.Equal(expected, sampling.MinP, 6);
        Assert.Equal(0.6f, sampling.Temperature);
        Assert.Equal(0.9f, sampling.TopP);
    }

    [Fact]
    public void WithoutMinPNothingIsCutAndGreedyStaysGreedy()
    {
        Assert.Equal(0f, EngineChatClient.ToRequest(Question, Sampled(null)).Sampling.MinP);
        var greedy = new ChatOptions { AdditionalProperties = new() { ["min_p"] = 0.5f } };
        Assert.Equal(0f, EngineChatClient.ToRequest(Question, greedy).Sampling.Temperature);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData("0.1")]
    public void AMinPOutsideZeroToOneIsRefusedByName(object given)
    {
        var error = Assert.Throws<ArgumentException>(() => EngineChatClient.ToRequest(Question, Sampled(given)));
        Assert.Contains("min_p", error.Message, StringComparison.Ordinal);
    }
}
