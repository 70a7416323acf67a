using Deliberate.Engine.Chat;

namespace Deliberate.Server.Chat;

/// <summary>
/// The seam between HTTP and inference. <see cref="Prepare"/> runs before any response byte is written (so a too-long
/// prompt is still a clean 400); <see cref="GenerateAsync"/> yields every choice's reasoning and content as the
/// engine produces them, each choice's finish, and last the request's token counts.
/// </summary>
public interface IChatBackend
{
    /// <summary>True once every configured model is loaded.</summary>
    bool IsReady { get; }

    /// <summary>Renders and tokenizes the prompt; throws <see cref="Errors.ApiException"/> (context_length_exceeded).</summary>
    PreparedPrompt Prepare(ChatRequest request);

    /// <summary>Generates all choices together; cancelling <paramref name="cancellationToken"/> stops them within one step.</summary>
    IAsyncEnumerable<ChatEvent> GenerateAsync(PreparedPrompt prompt, CancellationToken cancellationToken);
}

/// <summary>A rendered, tokenized prompt bound to its request, in the server's and the engine's terms.</summary>
public sealed record PreparedPrompt(ChatRequest Request, Deliberate.Engine.Chat.ChatRequest EngineRequest, int[] Tokens, bool StartsInReasoning);
