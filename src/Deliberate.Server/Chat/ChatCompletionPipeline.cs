using Deliberate.Engine.Chat;
using Deliberate.Server.Errors;
using Deliberate.Server.Moderation;
using Deliberate.Server.Telemetry;

namespace Deliberate.Server.Chat;

/// <summary>
/// What <c>POST /v1/chat/completions</c> does with a body, for every caller of it: the endpoint (interactive, whole or
/// streamed) and the batch runner (batch priority, whole). <see cref="Parse"/> gives OpenAI's 400s exactly as the
/// endpoint answers them; <see cref="Prepare"/> checks readiness and renders the prompt; <see cref="Start"/> applies input
/// moderation and submits to the model's scheduler; <see cref="ChatCompletionBody.CollectAsync"/> turns the events into
/// the response.
/// </summary>
public sealed class ChatCompletionPipeline(ChatRequestValidator validator, IChatBackend backend, ChatModeration? moderation)
{
    public IChatBackend Backend => backend;

    /// <summary>The body parsed and validated against the models and their policies, to run at <paramref name="priority"/>.</summary>
    /// <exception cref="ApiException">Anything the endpoint answers with a 4xx before generating.</exception>
    public ChatRequest Parse(ReadOnlyMemory<byte> body, ChatPriority priority = ChatPriority.Interactive) =>
        validator.Validate(ChatRequestParser.Parse(body), priority);

    /// <summary>The prompt rendered and tokenized for the request's model.</summary>
    /// <exception cref="ApiException">The model is loading (503), the template rejects the messages or the prompt does not fit (400).</exception>
    public PreparedPrompt Prepare(ChatRequest request)
    {
        if (!backend.IsReady)
        {
            throw new ApiException(503, "The model is still loading; retry shortly.", "server_error", null, "model_not_ready") { RetryAfterSeconds = 5 };
        }

        return backend.Prepare(request);
    }

    /// <summary>
    /// Submits the request now (so a full queue is a clean 503 before any byte is written) and returns its events.
    /// Flagged input is refused without generating, so it takes no sequence. <paramref name="exchange"/> observes the
    /// engine's own events: the token and latency metrics measure generation, so a refused input adds none, and the
    /// output gate's sentence-late release does not stretch the inter-token gaps.
    /// </summary>
    /// <exception cref="ApiException">The interactive queue is full (503).</exception>
    public IAsyncEnumerable<ChatEvent> Start(PreparedPrompt prompt, ChatExchange? exchange, CancellationToken cancellationToken)
    {
        var request = prompt.Request;
        var flagged = moderation?.CheckInput(request);
        if (flagged is not null)
        {
            return moderation!.Refuse(flagged, request.N, prompt.Prompt.Tokens.Length);
        }

        var events = backend.Start(prompt, cancellationToken);
        events = exchange is null ? events : exchange.Observe(events);
        return moderation is { ModeratesOutput: true } ? moderation.GateOutput(events, request, cancellationToken) : events;
    }
}
