using Deliberate.Engine.Chat;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Microsoft.Extensions.AI;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// Chat-level generation on a tiny random-weight model whose template opens the reasoning (as R1-Distill's does),
/// so budget forcing, the reasoning/answer split and the limits can be checked on any output the weights produce.
/// </summary>
public sealed class ChatGeneratorTests : IDisposable
{
    private const string OpensThinking = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
        + "{% if add_generation_prompt %}<|im_start|>assistant\n<think>\n{% endif %}";

    private readonly TinyChatModel _tiny = new(OpensThinking);
    private readonly ChatModel _model;

    public ChatGeneratorTests() => _model = _tiny.Model;

    public void Dispose() => _tiny.Dispose();

    private static ChatRequest Request(Effort effort, int? max = null, int n = 1, SamplerOptions? sampling = null) => new()
    {
        Messages = [ChatTemplateMessage.User("What is 2 + 2?")],
        Effort = effort,
        MaxCompletionTokens = max,
        N = n,
        Sampling = sampling ?? SamplerOptions.Greedy,
    };

    private async Task<List<ChatEvent>> Run(ChatRequest request)
    {
        var events = new List<ChatEvent>();
        await foreach (var e in new ChatGenerator(_model).GenerateAsync(request))
        {
            events.Add(e);
        }

        return events;
    }

    [Theory]
    [InlineData(Effort.Low, 4)]
    [InlineData(Effort.High, 16)]
    public async Task BudgetForcingClosesTheReasoningAndKeepsTagsOutOfTheAnswer(Effort effort, int budget)
    {
        var events = await Run(Request(effort, max: 48));
        var finished = Assert.Single(events.OfType<ChoiceFinished>());
        var reasoning = string.Concat(events.OfType<ReasoningChunk>().Select(e => e.Text));
        var answer = string.Concat(events.OfType<ContentChunk>().Select(e => e.Text));

        // The budget counts sampled reasoning tokens; the forced "\n</think>\n\n" adds its own few.
        Assert.InRange(finished.Outcome.ReasoningTokens, 1, budget + _model.EndOfThinking.Length + 1);
        Assert.DoesNotContain("<think>", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("</think>", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("</think>", reasoning, StringComparison.Ordinal);
        Assert.True(finished.Outcome.CompletionTokens <= 48);
        Assert.Equal(finished.Outcome.CompletionTokens, Assert.IsType<GenerationFinished>(events[^1]).CompletionTokens);
    }

    [Fact]
    public async Task MaxCompletionTokensSpentOnReasoningLeavesAnEmptyAnswerAndLength()
    {
        var events = await Run(Request(Effort.High, max: 6));
        var finished = Assert.Single(events.OfType<ChoiceFinished>());
        Assert.Equal("length", finished.Outcome.FinishReason);
        Assert.Equal(6, finished.Outcome.CompletionTokens);
        Assert.Empty(events.OfType<ContentChunk>());
    }

    [Fact]
    public async Task GreedyChoicesShareThePromptAndAgreeSeededSamplesDiffer()
    {
        var greedy = await Run(Request(Effort.Low, max: 24, n: 2));
        string Text(List<ChatEvent> events, int choice) =>
            string.Concat(events.Where(e => e.Choice == choice).Select(e => e switch { ReasoningChunk r => r.Text, ContentChunk c => c.Text, _ => "" }));
        Assert.Equal(Text(greedy, 0), Text(greedy, 1));
        Assert.Equal(2, greedy.OfType<ChoiceFinished>().Count());

        var sampled = await Run(Request(Effort.High, max: 24, n: 3, new SamplerOptions { Temperature = 1.5f, Seed = 42 }));
        var again = await Run(Request(Effort.High, max: 24, n: 3, new SamplerOptions { Temperature = 1.5f, Seed = 42 }));
        Assert.Equal(Text(sampled, 2), Text(again, 2));
        Assert.NotEqual(Text(sampled, 0), Text(sampled, 1));
    }

    [Fact]
    public async Task CancellationStopsGeneration()
    {
        using var cancel = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new ChatGenerator(_model).GenerateAsync(Request(Effort.High, max: 200), cancel.Token))
            {
                if (++count == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.InRange(count, 3, 6);
    }

    [Fact]
    public async Task ChatClientReportsReasoningSeparatelyWithUsage()
    {
        using var client = new EngineChatClient(new ChatGenerator(_model));
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Hi")],
            new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low }, MaxOutputTokens = 30 });

        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        Assert.Contains(contents, c => c is TextReasoningContent);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage!.ReasoningTokenCount > 0);
        Assert.True(response.Usage.OutputTokenCount >= response.Usage.ReasoningTokenCount);
        Assert.DoesNotContain("</think>", response.Text, StringComparison.Ordinal);
    }
}
