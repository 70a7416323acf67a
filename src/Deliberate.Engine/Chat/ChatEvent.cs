namespace Deliberate.Engine.Chat;

/// <summary>Something a generation produced, for one choice.</summary>
public abstract record ChatEvent(int Choice);

/// <summary>Text of the model's reasoning (between its think tags).</summary>
public sealed record ReasoningChunk(int Choice, string Text) : ChatEvent(Choice);

/// <summary>
/// Text of the visible answer. When the request may call tools, the answer is held until the choice ends and comes as
/// one chunk with the call syntax removed (<see cref="ChoiceOutcome.Content"/>), so call syntax never streams.
/// </summary>
public sealed record ContentChunk(int Choice, string Text) : ChatEvent(Choice);

/// <summary>
/// Text of a refusal: under a JSON constraint the model began its answer with a refusal phrase instead of the value,
/// so the answer is reported as OpenAI's <c>refusal</c>, never as schema-shaped content.
/// </summary>
public sealed record RefusalChunk(int Choice, string Text) : ChatEvent(Choice);

/// <summary>A choice ended; <see cref="Outcome"/> says what it is (content, refusal, tool calls, finish reason, tokens).</summary>
public sealed record ChoiceFinished(int Choice, ChoiceOutcome Outcome) : ChatEvent(Choice);

/// <summary>The whole request ended (after every choice finished), with its token counts and when each stage passed.</summary>
public sealed record GenerationFinished(int PromptTokens, int CachedPromptTokens, int CompletionTokens, int ReasoningTokens, GenerationTimings Timings) : ChatEvent(-1);
