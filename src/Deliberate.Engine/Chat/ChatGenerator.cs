using System.Runtime.CompilerServices;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Chat;

/// <summary>
/// Runs chat requests on a <see cref="ChatModel"/>: renders the conversation with the model's template (the
/// effort travels as the template's <c>reasoning_effort</c> argument and as the thinking budget), tokenizes it and
/// hands it to the model's <see cref="ChatScheduler"/>, which prefills it in chunks and decodes every choice of every
/// running request together. Budget forcing closes the reasoning when its budget is spent; reasoning and answer are
/// split as they stream.
/// </summary>
public sealed class ChatGenerator(ChatModel model)
{
    private readonly ChatModel _model = model ?? throw new ArgumentNullException(nameof(model));

    public ChatModel Model => _model;

    /// <summary>The rendered prompt of a request (what the model sees).</summary>
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

    /// <summary>The prompt's tokens; BOS is added only when the template did not already write it.</summary>
    public int[] TokenizePrompt(string prompt)
    {
        var tokenizer = _model.Tokenizer;
        var templateWroteBos = tokenizer.BosId is { } bos && prompt.StartsWith(tokenizer.GetTokenText(bos), StringComparison.Ordinal);
        return tokenizer.Encode(prompt, addSpecial: !templateWroteBos, parseSpecial: true);
    }

    /// <summary>Streams the events of a request; the last one is <see cref="GenerationFinished"/>.</summary>
    /// <exception cref="ContextLengthExceededException">The prompt alone does not fit the context.</exception>
    public async IAsyncEnumerable<ChatEvent> GenerateAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.N, 1);
        var prompt = RenderPrompt(request);
        var tokens = TokenizePrompt(prompt);
        if (tokens.Length >= _model.ContextSize)
        {
            throw new ContextLengthExceededException(_model.ContextSize, tokens.Length + 1);
        }

        var events = _model.Scheduler.Submit(request, tokens, ReasoningTags.Think.PromptOpensReasoning(prompt), cancellationToken);
        await foreach (var chatEvent in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // ReadAllAsync drains buffered events without looking at the token; a cancelled caller gets no more.
            cancellationToken.ThrowIfCancellationRequested();
            yield return chatEvent;
        }
    }
}
