using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Templates;
using Deliberate.Server.Chat;
using Deliberate.Server.Configuration;
using Deliberate.Server.Errors;
using Deliberate.Server.Metrics;

namespace Deliberate.Server.Backend;

/// <summary>
/// <see cref="IChatBackend"/> over the in-process engine. Each choice is one sequence generated on a worker thread;
/// the <see cref="Scheduling.AdmissionQueue"/> in front decides how many run at once (continuous batching across
/// requests waits for the runtime's multi-sequence step).
/// </summary>
public sealed class EngineChatBackend : IChatBackend, IDisposable
{
    private readonly Dictionary<string, LoadedModel> _models = new(StringComparer.Ordinal);
    private readonly ServerMetrics _metrics;
    private volatile bool _ready;

    public EngineChatBackend(ServerMetrics metrics) => _metrics = metrics;

    public bool IsReady => _ready;

    /// <summary>Loads every configured model (called once, off the request path).</summary>
    public void Load(IEnumerable<ModelOptions> models, int threads)
    {
        foreach (var options in models)
        {
            _models[options.Id] = new LoadedModel(options, threads);
        }

        _ready = true;
    }

    public PreparedPrompt Prepare(ChatRequest request)
    {
        var model = Model(request);
        var input = new ChatTemplateInput
        {
            Messages = request.Messages.Select(m => new ChatTemplateMessage(m.Role, m.Content)
            {
                Name = m.Name,
                ToolCallId = m.ToolCallId,
                ReasoningContent = m.ReasoningContent,
            }).ToList(),
            EnableThinking = true,
            BosToken = model.Tokenizer.BosId is { } bos ? model.Tokenizer.GetTokenText(bos) : "",
            EosToken = model.Tokenizer.EosId is { } eos ? model.Tokenizer.GetTokenText(eos) : "",
            ExtraArguments = new Dictionary<string, object?> { ["reasoning_effort"] = request.Effort.ToString().ToLowerInvariant() },
        };
        string text;
        try
        {
            text = model.Template.Render(input);
        }
        catch (TemplateException e)
        {
            throw ApiException.Invalid($"The model's chat template rejected these messages: {e.Message}", "messages");
        }

        var tokens = model.Tokenizer.Encode(text, addSpecial: !text.StartsWith(input.BosToken.Length > 0 ? input.BosToken : "\0", StringComparison.Ordinal));
        if (tokens.Length + 1 > model.ContextSize)
        {
            throw ApiException.Invalid(
                $"This model's maximum context length is {model.ContextSize} tokens. However, your messages resulted in {tokens.Length} tokens. Please reduce the length of the messages.",
                "messages", "context_length_exceeded");
        }

        return new PreparedPrompt(request, tokens, ReasoningTags.Think.PromptOpensReasoning(text));
    }

    public async IAsyncEnumerable<ChatEvent> GenerateAsync(PreparedPrompt prompt, int choiceIndex, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Model(prompt.Request);
        var channel = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var worker = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    new EngineGeneration(model, prompt, choiceIndex, _metrics).Run(channel.Writer, cancellationToken);
                    channel.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    channel.Writer.TryComplete(e);
                }
            },
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            // Wait for the worker to leave the model before the caller releases its sequence slot: a cancelled
            // request must not let the next one run a forward pass on the same weights' scratch state concurrently.
            await worker.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }

    private LoadedModel Model(ChatRequest request) =>
        _models.TryGetValue(request.Model.Id, out var model) ? model : throw new ApiException(503, "The model is still loading.", "server_error", null, "model_not_ready") { RetryAfterSeconds = 5 };
}
