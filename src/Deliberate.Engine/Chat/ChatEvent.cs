namespace Deliberate.Engine.Chat;

/// <summary>Something a generation produced, for one choice.</summary>
public abstract record ChatEvent(int Choice);

/// <summary>Text of the model's reasoning (between its think tags).</summary>
public sealed record ReasoningChunk(int Choice, string Text) : ChatEvent(Choice);

/// <summary>Text of the visible answer.</summary>
public sealed record ContentChunk(int Choice, string Text) : ChatEvent(Choice);

/// <summary>
/// Text of a refusal: under a JSON constraint the model began its answer with a refusal phrase instead of the value,
/// so the answer is reported as OpenAI's <c>refusal</c>, never as schema-shaped content.
/// </summary>
public sealed record RefusalChunk(int Choice, string Text) : ChatEvent(Choice);

/// <summary>A choice ended.</summary>
/// <param name="Choice">Which choice.</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c> or <c>tool_calls</c>, as the API reports it.</param>
/// <param name="CompletionTokens">Tokens generated for this choice, reasoning included.</param>
/// <param name="ReasoningTokens">Of those, tokens spent reasoning.</param>
public sealed record ChoiceFinished(int Choice, string FinishReason, int CompletionTokens, int ReasoningTokens) : ChatEvent(Choice);

/// <summary>The whole request ended (after every choice finished).</summary>
public sealed record GenerationFinished(int PromptTokens, int CachedPromptTokens, int CompletionTokens, int ReasoningTokens) : ChatEvent(-1)
{
    /// <summary>When the request passed each stage, for telemetry (the engine itself records no metrics or traces).</summary>
    public GenerationTimings Timings { get; init; }
}

/// <summary>
/// <see cref="System.Diagnostics.Stopwatch"/> timestamps of one request's stages: queued from <see cref="Submitted"/> to
/// <see cref="Admitted"/>, prefilling until the first token is sampled (<see cref="FirstToken"/>), decoding until
/// <see cref="Finished"/>.
/// </summary>
public readonly record struct GenerationTimings(long Submitted, long Admitted, long FirstToken, long Finished);
