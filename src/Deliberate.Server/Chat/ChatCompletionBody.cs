using Deliberate.Engine.Chat;
using Deliberate.Server.Contracts;

namespace Deliberate.Server.Chat;

/// <summary>
/// The engine's events in OpenAI's chat completion shapes: the whole response (the endpoint's non-streamed answer and
/// a batch line's body), the <c>call_…</c> ids of tool calls and the usage, shared with the streamed answer.
/// </summary>
public static class ChatCompletionBody
{
    public const string Fingerprint = "fp_deliberate";

    public static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>Reads every event and builds the <c>chat.completion</c> object.</summary>
    public static async Task<ChatCompletionResponse> CollectAsync(IAsyncEnumerable<ChatEvent> events, ChatRequest request, string id, long created, CancellationToken cancellationToken)
    {
        var outcomes = new ChoiceOutcome?[request.N];
        GenerationFinished? done = null;
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            switch (e)
            {
                case ChoiceFinished f: outcomes[f.Choice] = f.Outcome; break;
                case GenerationFinished g: done = g; break;
            }
        }

        var choices = new List<ChatChoice>(request.N);
        for (var k = 0; k < request.N; k++)
        {
            var outcome = outcomes[k] ?? throw new InvalidOperationException($"choice {k} never finished");
            var message = new ChatResponseMessage("assistant", outcome.Content, outcome.Refusal, request.IncludeReasoning ? outcome.Reasoning : null, ToolCalls(outcome));
            choices.Add(new ChatChoice(k, message, null, outcome.FinishReason));
        }

        return new ChatCompletionResponse(id, "chat.completion", created, request.RequestedModel, choices, Usage(done), "default", Fingerprint);
    }

    /// <summary>A choice's calls on the wire: each gets OpenAI's id shape, <c>call_</c> and 24 hex digits.</summary>
    public static List<ToolCallDto>? ToolCalls(ChoiceOutcome outcome) =>
        outcome.ToolCalls.Count == 0 ? null
        : [.. outcome.ToolCalls.Select(c => new ToolCallDto("call_" + Guid.NewGuid().ToString("N")[..24], "function", new FunctionCallDto(c.Name, c.ArgumentsJson)))];

    public static UsageDto Usage(GenerationFinished? done)
    {
        var (prompt, completion, reasoning, cached) = done is null ? (0, 0, 0, 0) : (done.PromptTokens, done.CompletionTokens, done.ReasoningTokens, done.CachedPromptTokens);
        return new(prompt, completion, prompt + completion, new PromptTokensDetails(cached, 0), new CompletionTokensDetails(reasoning, 0, 0, 0));
    }
}
