using System.Runtime.CompilerServices;

namespace Deliberate.Engine.Chat;

/// <summary>What a <see cref="SchedulerEvent"/> carries.</summary>
internal enum SchedulerEventKind : byte
{
    Reasoning,
    Content,
    Refusal,
    ChoiceFinished,
    GenerationFinished,
}

/// <summary>Up to <see cref="Capacity"/> characters held inline, so an event needs no string.</summary>
[InlineArray(Capacity)]
internal struct TextPiece
{
    public const int Capacity = 32;

    private char _first;
}

/// <summary>
/// One thing the scheduler thread tells a request's reader, as a value: a piece of text (a token's text, or a part of
/// a longer one) or an end. Values in a preallocated ring (<see cref="RequestEventQueue"/>) let the decode loop publish
/// every token without allocating; <see cref="ChatGeneration"/> turns them into <see cref="ChatEvent"/>s on the
/// reader's side.
/// </summary>
internal struct SchedulerEvent
{
    public SchedulerEventKind Kind;
    public int Choice;

    /// <summary>Characters used in <see cref="Text"/>.</summary>
    public int Length;
    public TextPiece Text;

    /// <summary>The text goes on in the next event (one piece of a text longer than <see cref="TextPiece.Capacity"/>).</summary>
    public bool Continues;

    /// <summary>For <see cref="SchedulerEventKind.ChoiceFinished"/>: stop, length (tool calls are decided by the reader).</summary>
    public string? FinishReason;
    public int CompletionTokens;
    public int ReasoningTokens;
    public int PromptTokens;
    public int CachedPromptTokens;
    public GenerationTimings Timings;

    public static SchedulerEvent ChoiceFinished(int choice, string finishReason, int completionTokens, int reasoningTokens) => new()
    {
        Kind = SchedulerEventKind.ChoiceFinished,
        Choice = choice,
        FinishReason = finishReason,
        CompletionTokens = completionTokens,
        ReasoningTokens = reasoningTokens,
    };

    public static SchedulerEvent GenerationFinished(int promptTokens, int cachedPromptTokens, int completionTokens, int reasoningTokens, GenerationTimings timings) => new()
    {
        Kind = SchedulerEventKind.GenerationFinished,
        Choice = -1,
        PromptTokens = promptTokens,
        CachedPromptTokens = cachedPromptTokens,
        CompletionTokens = completionTokens,
        ReasoningTokens = reasoningTokens,
        Timings = timings,
    };
}
