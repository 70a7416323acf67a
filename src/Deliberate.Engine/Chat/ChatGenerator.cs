using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Chat;

/// <summary>
/// The one way into a <see cref="ChatModel"/>'s generation, for every caller (the server, the
/// <see cref="EngineChatClient"/>, the CLI's <c>chat</c> and <c>generate</c>, evals): <see cref="Prepare"/> renders the
/// conversation with the model's template (the effort travels as the template's <c>reasoning_effort</c> argument) and
/// tokenizes it — or <see cref="PrepareRaw"/> takes a prompt as is — and <see cref="Start"/> hands it to the model's
/// <see cref="ChatScheduler"/>, which prefills it in chunks and decodes every choice of every running request together.
/// Budget forcing closes the reasoning when its budget is spent; reasoning and answer are split as they stream, and the
/// engine decides what each choice is (<see cref="ChoiceOutcome"/>).
/// </summary>
public sealed class ChatGenerator(ChatModel model)
{
    private readonly ChatModel _model = model ?? throw new ArgumentNullException(nameof(model));

    public ChatModel Model => _model;

    /// <summary>The rendered prompt of a request (what the model sees).</summary>
    /// <exception cref="TemplateException">The model's template rejected the messages.</exception>
    public string RenderPrompt(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new ChatTemplateInput
        {
            Messages = request.Messages,
            Tools = request.Tools,
            AddGenerationPrompt = true,
            EnableThinking = true,
            BosToken = _model.Tokenizer.BosId is { } bos ? _model.Tokenizer.GetTokenText(bos) : "",
            EosToken = _model.Tokenizer.EosId is { } eos ? _model.Tokenizer.GetTokenText(eos) : "",
            ExtraArguments = new Dictionary<string, object?> { ["reasoning_effort"] = (request.Effort ?? Efforts.Default).Name() },
        };
        return _model.Template.Render(input);
    }

    /// <summary>A request's conversation rendered with the chat template and tokenized.</summary>
    /// <exception cref="TemplateException">The model's template rejected the messages.</exception>
    /// <exception cref="ContextLengthExceededException">The prompt leaves no room in the context for a token.</exception>
    public ChatPrompt Prepare(ChatRequest request) => PrepareRaw(RenderPrompt(request));

    /// <summary>
    /// A prompt taken as is, without the chat template (special tokens such as <c>&lt;think&gt;</c> written in it are
    /// read as those tokens); BOS is added when the tokenizer wants one and the text does not already start with it.
    /// </summary>
    /// <exception cref="ContextLengthExceededException">The prompt leaves no room in the context for a token.</exception>
    public ChatPrompt PrepareRaw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokenizer = _model.Tokenizer;
        var startsWithBos = tokenizer.BosId is { } bos && text.StartsWith(tokenizer.GetTokenText(bos), StringComparison.Ordinal);
        var tokens = tokenizer.Encode(text, addSpecial: !startsWithBos, parseSpecial: true);
        if (tokens.Length == 0 || tokens.Length >= _model.ContextSize)
        {
            throw new ContextLengthExceededException(_model.ContextSize, tokens.Length + 1);
        }

        return new ChatPrompt(text, tokens, ReasoningTags.Think.PromptOpensReasoning(text));
    }

    /// <summary>
    /// Submits a prepared prompt to the scheduler now (so a full queue is an error before anything streams) and
    /// returns its events, to be read once. <paramref name="request"/> gives the effort, limits, sampling, choices and
    /// constraint; its messages are not read again.
    /// </summary>
    /// <exception cref="SchedulerOverloadedException">As many requests as the scheduler queues are already waiting.</exception>
    public ChatGeneration Start(ChatRequest request, ChatPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prompt);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var events = _model.Scheduler.Submit(request, prompt, cancel.Token);
            return new ChatGeneration(request, events, cancel);
        }
        catch
        {
            cancel.Dispose();
            throw;
        }
    }

    /// <summary>Prepares, starts and streams a request; the last event is <see cref="GenerationFinished"/>.</summary>
    /// <exception cref="ContextLengthExceededException">The prompt alone does not fit the context.</exception>
    public async IAsyncEnumerable<ChatEvent> GenerateAsync(ChatRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var generation = Start(request, Prepare(request), cancellationToken);
        await foreach (var chatEvent in generation.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return chatEvent;
        }
    }
}
