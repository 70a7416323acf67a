using Deliberate.Engine.Chat;

namespace Deliberate.Server.Chat;

/// <summary>
/// The seam between HTTP and inference. <see cref="Prepare"/> and <see cref="Start"/> run before any response byte is
/// written (so a too-long prompt is still a clean 400, a full queue a clean 503); the events that follow are every
/// choice's reasoning and content as the engine produces them, each choice's outcome, and last the token counts.
/// </summary>
public interface IChatBackend
{
    /// <summary>True once every configured model is loaded.</summary>
    bool IsReady { get; }

    /// <summary>Requests waiting for a free sequence, over every model (the schedulers' own counts).</summary>
    int QueuedRequests { get; }

    /// <summary>Sequences prefilling or decoding, over every model.</summary>
    int ActiveSequences { get; }

    /// <summary>Renders and tokenizes the prompt; throws <see cref="Errors.ApiException"/> (context_length_exceeded).</summary>
    PreparedPrompt Prepare(ChatRequest request);

    /// <summary>
    /// Submits the prompt to its model's scheduler now (503 <c>server_overloaded</c> when its queue is full) and returns
    /// its events; cancelling <paramref name="cancellationToken"/> stops every choice within one step.
    /// </summary>
    IAsyncEnumerable<ChatEvent> Start(PreparedPrompt prompt, CancellationToken cancellationToken);
}

/// <summary>A rendered, tokenized prompt bound to its request, in the server's and the engine's terms.</summary>
public sealed record PreparedPrompt(ChatRequest Request, Deliberate.Engine.Chat.ChatRequest EngineRequest, ChatPrompt Prompt);
