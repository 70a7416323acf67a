#pragma warning disable SCME0001 // JsonPatch (reading and writing fields the SDK has no property for) is experimental.
using System.ClientModel;
using System.ClientModel.Primitives;
using Deliberate.Server.Tests.Server;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Deliberate.Server.Tests.Clients;

/// <summary>
/// Microsoft.Extensions.AI's OpenAI <see cref="IChatClient"/> over HTTP. MEAI (10.11) surfaces a non-standard
/// <c>reasoning_content</c> of <c>choices[0]</c> as <see cref="TextReasoningContent"/>, on the message and on stream
/// updates; it never sends <see cref="ChatOptions.AdditionalProperties"/>, so <c>include_reasoning</c> has to be patched
/// into the request through <see cref="ChatOptions.RawRepresentationFactory"/>.
/// </summary>
public sealed class ExtensionsAIClientTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 2+2?")];

    private IChatClient Client(string model) =>
        new OpenAIClient(new ApiKeyCredential(server.Key), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient(model).AsIChatClient();

    /// <summary>Greedy and so repeatable, on the model whose prompt opens reasoning, asking for reasoning in the response.</summary>
    private static ChatOptions WithReasoning() => new()
    {
        MaxOutputTokens = 16,
        Temperature = 0,
        RawRepresentationFactory = _ =>
        {
            var options = new OpenAI.Chat.ChatCompletionOptions();
            options.Patch.Set("$.include_reasoning"u8, true);
            return options;
        },
    };

    [Fact]
    public async Task GetResponseReturnsTheAnswerWithUsage()
    {
        var response = await Client("o3-mini").GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 10 });
        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.StartsWith("chatcmpl-", response.ResponseId, StringComparison.Ordinal);
        Assert.Equal("o3-mini", response.ModelId);
        Assert.True(response.FinishReason == ChatFinishReason.Stop || response.FinishReason == ChatFinishReason.Length);
        Assert.DoesNotContain(message.Contents, c => c is TextReasoningContent);
        var usage = Assert.IsType<UsageDetails>(response.Usage);
        Assert.InRange(usage.OutputTokenCount ?? -1, 1, 10);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.InRange(usage.ReasoningTokenCount ?? -1, 0, usage.OutputTokenCount ?? 0);
    }

    [Fact]
    public async Task ReasoningOptionsBecomeReasoningEffort()
    {
        var low = await Client("o3-mini").GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 4, Reasoning = new() { Effort = ReasoningEffort.Low } });
        Assert.NotNull(low.Usage?.ReasoningTokenCount);

        // MEAI maps ExtraHigh to "xhigh", which o3-mini does not have: the 400 proves the effort reached the server.
        var e = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client("o3-mini").GetResponseAsync(Question, new ChatOptions { Reasoning = new() { Effort = ReasoningEffort.ExtraHigh } }));
        Assert.Equal(400, e.Status);
        Assert.Contains("reasoning_effort", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReasoningContentBecomesTextReasoningContentOnTheMessage()
    {
        var response = await Client(ServerFixture.ThinkingModel).GetResponseAsync(Question, WithReasoning());
        var raw = Assert.IsType<OpenAI.Chat.ChatCompletion>(response.RawRepresentation);
        Assert.True(raw.Patch.TryGetValue("$.choices[0].message.reasoning_content"u8, out string? wire), "the server sent no reasoning_content");
        Assert.False(string.IsNullOrEmpty(wire));

        var message = Assert.Single(response.Messages);
        var reasoning = Assert.Single(message.Contents.OfType<TextReasoningContent>());
        Assert.Equal(wire, reasoning.Text);
        // MEAI appends reasoning after the answer's parts, and ChatMessage.Text leaves it out.
        Assert.IsType<TextReasoningContent>(message.Contents[^1]);
        Assert.Equal(raw.Content[0].Text, message.Text);
        Assert.True(response.Usage?.ReasoningTokenCount > 0);
    }

    [Fact]
    public async Task AdditionalPropertiesAreNotSentSoTheyCannotAskForReasoning()
    {
        var options = new ChatOptions { MaxOutputTokens = 16, Temperature = 0, AdditionalProperties = new() { ["include_reasoning"] = true } };
        var response = await Client(ServerFixture.ThinkingModel).GetResponseAsync(Question, options);
        var raw = Assert.IsType<OpenAI.Chat.ChatCompletion>(response.RawRepresentation);
        Assert.False(raw.Patch.Contains("$.choices[0].message.reasoning_content"u8));
        Assert.DoesNotContain(response.Messages[0].Contents, c => c is TextReasoningContent);
        Assert.True(response.Usage?.ReasoningTokenCount > 0, "the model did reason; only the text was withheld");
    }

    [Fact]
    public async Task StreamingUpdatesCarryReasoningDeltasThatMatchTheWholeResponse()
    {
        var client = Client(ServerFixture.ThinkingModel);
        var whole = await client.GetResponseAsync(Question, WithReasoning());
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Question, WithReasoning()))
        {
            updates.Add(update);
        }

        // Each reasoning delta on the wire becomes exactly one TextReasoningContent on its update.
        var wireDeltas = new List<string>();
        foreach (var update in updates)
        {
            var raw = Assert.IsType<OpenAI.Chat.StreamingChatCompletionUpdate>(update.RawRepresentation);
            var surfaced = update.Contents.OfType<TextReasoningContent>().Select(c => c.Text).ToList();
            if (raw.Patch.TryGetValue("$.choices[0].delta.reasoning_content"u8, out string? delta) && delta is not null)
            {
                wireDeltas.Add(delta);
                Assert.Equal([delta], surfaced);
            }
            else
            {
                Assert.Empty(surfaced);
            }
        }

        Assert.NotEmpty(wireDeltas);
        var streamed = updates.ToChatResponse();
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(
            string.Concat(whole.Messages[0].Contents.OfType<TextReasoningContent>().Select(c => c.Text)),
            string.Concat(wireDeltas));
        Assert.Equal(whole.Usage?.OutputTokenCount, streamed.Usage?.OutputTokenCount);
        Assert.Equal(whole.Usage?.ReasoningTokenCount, streamed.Usage?.ReasoningTokenCount);
        Assert.NotNull(streamed.FinishReason);
    }
}
