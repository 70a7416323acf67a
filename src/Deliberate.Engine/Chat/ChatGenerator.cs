using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Chat;

/// <summary>
/// Runs chat requests on a <see cref="ChatModel"/>: renders the conversation with the model's template (the
/// effort travels as the template's <c>reasoning_effort</c> argument and as the thinking budget), prefills the
/// prompt in chunks, then decodes every choice of the request together, one batched forward step per token.
/// Budget forcing closes the reasoning when its budget is spent; reasoning and answer are split as they stream.
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
            ExtraArguments = new Dictionary<string, object?> { ["reasoning_effort"] = request.Effort ?? EffortBudgets.DefaultEffort },
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

        var channel = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var worker = Task.Run(() => Run(request, prompt, tokens, channel.Writer, cancellationToken), cancellationToken);
        await foreach (var chatEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // ReadAllAsync drains buffered events without looking at the token; a cancelled caller gets no more.
            cancellationToken.ThrowIfCancellationRequested();
            yield return chatEvent;
        }

        await worker.ConfigureAwait(false);
    }

    private async Task Run(ChatRequest request, string prompt, int[] tokens, ChannelWriter<ChatEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            var model = _model.Model;
            var chunk = Math.Max(1, _model.Options.PrefillChunk);
            var state = model.CreateState(Math.Max(chunk, request.N * (1 + _model.EndOfThinking.Length)), request.N);
            var first = model.CreateSequence(_model.ContextSize);
            var batch = new List<BatchToken>(state.MaxBatch);

            // Prefill: the prompt in chunks; logits only for its last token.
            for (var start = 0; start < tokens.Length; start += chunk)
            {
                batch.Clear();
                var end = Math.Min(tokens.Length, start + chunk);
                for (var i = start; i < end; i++)
                {
                    batch.Add(new BatchToken(first, tokens[i], i == tokens.Length - 1));
                }

                await ForwardAsync(batch, state, cancellationToken).ConfigureAwait(false);
            }

            var maxTokens = Math.Min(request.MaxCompletionTokens ?? int.MaxValue, _model.ContextSize - tokens.Length);
            var promptOpensReasoning = ReasoningTags.Think.PromptOpensReasoning(prompt);
            var choices = new List<ChoiceState>(request.N);
            for (var c = 0; c < request.N; c++)
            {
                var sequence = c == 0 ? first : first.Fork(model.Config);
                choices.Add(new ChoiceState(c, sequence, _model, request, maxTokens, promptOpensReasoning));
            }

            // Every choice samples from the prompt's last logits first, then they decode together.
            var logitRows = new int[request.N];
            var events = new List<ChatEvent>();
            while (true)
            {
                events.Clear();
                foreach (var choice in choices.Where(c => !c.Done))
                {
                    choice.Step(state.GetLogits(logitRows[choice.Index]), events);
                }

                foreach (var chatEvent in events)
                {
                    await writer.WriteAsync(chatEvent, cancellationToken).ConfigureAwait(false);
                }

                batch.Clear();
                var row = 0;
                foreach (var choice in choices.Where(c => !c.Done && c.Pending.Count > 0))
                {
                    if (choice.Sequence.Length + choice.Pending.Count > choice.Sequence.ContextSize)
                    {
                        events.Clear();
                        choice.Truncated(events);
                        foreach (var chatEvent in events)
                        {
                            await writer.WriteAsync(chatEvent, cancellationToken).ConfigureAwait(false);
                        }

                        continue;
                    }

                    for (var i = 0; i < choice.Pending.Count; i++)
                    {
                        batch.Add(new BatchToken(choice.Sequence, choice.Pending[i], i == choice.Pending.Count - 1));
                    }

                    logitRows[choice.Index] = row++;
                }

                if (batch.Count == 0)
                {
                    break;
                }

                await ForwardAsync(batch, state, cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteAsync(
                new GenerationFinished(tokens.Length, 0, choices.Sum(c => c.CompletionTokens), choices.Sum(c => c.ReasoningTokens)),
                cancellationToken).ConfigureAwait(false);
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    private async Task ForwardAsync(List<BatchToken> batch, InferenceState state, CancellationToken cancellationToken)
    {
        await _model.ForwardLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _model.Model.Forward(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch), state, cancellationToken);
        }
        finally
        {
            _model.ForwardLock.Release();
        }
    }
}
