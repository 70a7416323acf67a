namespace Deliberate.Server.Chat;

/// <summary>
/// The seam between HTTP and inference. <see cref="Prepare"/> runs before any response byte is written (so a too-long
/// prompt is still a clean 400); <see cref="GenerateAsync"/> yields reasoning and content deltas, then one finish event.
/// </summary>
public interface IChatBackend
{
    /// <summary>True once every configured model is loaded.</summary>
    bool IsReady { get; }

    /// <summary>Renders and tokenizes the prompt; throws <see cref="Errors.ApiException"/> (context_length_exceeded).</summary>
    PreparedPrompt Prepare(ChatRequest request);

    /// <summary>Generates one choice; cancelling <paramref name="cancellationToken"/> stops it promptly.</summary>
    IAsyncEnumerable<ChatEvent> GenerateAsync(PreparedPrompt prompt, int choiceIndex, CancellationToken cancellationToken);
}

/// <summary>A rendered, tokenized prompt bound to its request.</summary>
public sealed record PreparedPrompt(ChatRequest Request, int[] Tokens, bool StartsInReasoning);

public enum ChatEventKind
{
    Reasoning,
    Content,
    Finish,
}

/// <summary>A reasoning or content delta, or the finish (reason <c>stop</c>/<c>length</c> and token counts).</summary>
public readonly record struct ChatEvent(
    ChatEventKind Kind,
    string Text = "",
    string? FinishReason = null,
    int CompletionTokens = 0,
    int ReasoningTokens = 0,
    int CachedTokens = 0)
{
    public static ChatEvent Reasoning(string text) => new(ChatEventKind.Reasoning, text);

    public static ChatEvent Content(string text) => new(ChatEventKind.Content, text);
}
