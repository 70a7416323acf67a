using System.Diagnostics;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Models;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tensors;
using Deliberate.Server.Chat;
using Deliberate.Server.Configuration;
using Deliberate.Server.Errors;
using Deliberate.Server.Telemetry;
using ServerChatRequest = Deliberate.Server.Chat.ChatRequest;

namespace Deliberate.Server.Backend;

/// <summary>
/// <see cref="IChatBackend"/> over the in-process engine: each model is a <see cref="ChatModel"/> whose scheduler
/// decodes every running request's choices together (continuous batching) and reuses cached prompt prefixes.
/// </summary>
public sealed class EngineChatBackend(ILogger<EngineChatBackend> logger) : IChatBackend, IDisposable
{
    private readonly Dictionary<string, ChatModel> _models = new(StringComparer.Ordinal);
    private volatile bool _ready;

    public bool IsReady => _ready;

    public int QueuedRequests => _ready ? _models.Values.Sum(m => m.Scheduler.QueuedRequests) : 0;

    public int ActiveSequences => _ready ? _models.Values.Sum(m => m.Scheduler.ActiveSequences) : 0;

    /// <summary>
    /// Loads every configured model (called once, off the request path), each with a scheduler sized by the server's
    /// settings: sequences at once, interactive requests queued, and the share batch work may take.
    /// </summary>
    public void Load(IEnumerable<ModelOptions> models, ServerOptions server)
    {
        foreach (var options in models)
        {
            var started = Stopwatch.GetTimestamp();
            _models[options.Id] = ChatModel.Load(options.Path, new ChatModelOptions
            {
                Id = options.Id,
                Threads = server.Threads,
                ContextSize = options.ContextSize,
                KvCacheType = options.KvCacheType switch { KvCacheType.F32 => GgmlType.F32, KvCacheType.BF16 => GgmlType.BF16, _ => GgmlType.F16 },
                Budgets = options.ThinkingBudgets,
                MaxActiveSequences = server.MaxActiveSequences,
                MaxQueuedRequests = server.MaxQueuedRequests,
                ReservedInteractiveSequences = server.ReservedInteractiveSequences,
                MaxBatchSequencesBesideInteractive = server.MaxBatchSequencesBesideInteractive,
            });
            ServerLog.ModelLoaded(logger, options.Id, Path.GetFullPath(options.Path), new FileInfo(options.Path).Length,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2));
        }

        _ready = true;
    }

    public PreparedPrompt Prepare(ServerChatRequest request)
    {
        var model = Model(request);
        var engineRequest = new Deliberate.Engine.Chat.ChatRequest
        {
            Messages = request.Messages.Select(m => new ChatTemplateMessage(m.Role, m.Content)
            {
                Name = m.Name,
                ToolCallId = m.ToolCallId,
                ReasoningContent = m.ReasoningContent,
                ToolCalls = m.ToolCalls,
            }).ToList(),
            Tools = request.Structured.Tools.Count > 0 ? request.Structured.Tools : null,
            Effort = request.Effort,
            MaxCompletionTokens = request.MaxCompletionTokens,
            Sampling = SamplerOptionsFor(request),
            Stop = request.Stop,
            N = request.N,
            Constraint = request.Structured.Constraint,
            Priority = request.Priority,
        };
        if (request.Sampling.LogitBias?.Keys.FirstOrDefault(id => id >= model.Tokenizer.VocabSize) is { } outside && outside > 0)
        {
            throw ApiException.Invalid($"Invalid key in 'logit_bias': token {outside} is outside this model's vocabulary of {model.Tokenizer.VocabSize}.", "logit_bias", "invalid_value");
        }

        try
        {
            return new PreparedPrompt(request, engineRequest, new ChatGenerator(model).Prepare(engineRequest));
        }
        catch (TemplateException e)
        {
            throw ApiException.Invalid($"The model's chat template rejected these messages: {e.Message}", "messages");
        }
        catch (ContextLengthExceededException e)
        {
            throw ApiException.Invalid(
                $"This model's maximum context length is {e.ContextSize} tokens. However, your messages resulted in {e.Requested - 1} tokens. Please reduce the length of the messages.",
                "messages", "context_length_exceeded");
        }
    }

    public IAsyncEnumerable<ChatEvent> Start(PreparedPrompt prompt, CancellationToken cancellationToken)
    {
        try
        {
            return new ChatGenerator(Model(prompt.Request)).Start(prompt.EngineRequest, prompt.Prompt, cancellationToken);
        }
        catch (SchedulerOverloadedException)
        {
            throw ApiException.Overloaded();
        }
    }

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }

    private ChatModel Model(ServerChatRequest request) =>
        _models.TryGetValue(request.Model.Id, out var model) ? model : throw new ApiException(503, "The model is still loading.", "server_error", null, "model_not_ready") { RetryAfterSeconds = 5 };

    /// <summary>o3-mini samples at temperature 1; open mode overrides. A seed makes choice k reproducible as seed + k.</summary>
    private static SamplerOptions SamplerOptionsFor(ServerChatRequest request) => new()
    {
        Temperature = (float)(request.Sampling.Temperature ?? 1.0),
        TopP = (float)(request.Sampling.TopP ?? 1.0),
        MinP = (float)(request.Sampling.MinP ?? 0),
        TopK = request.Sampling.TopK ?? 0,
        PresencePenalty = (float)(request.Sampling.PresencePenalty ?? 0),
        FrequencyPenalty = (float)(request.Sampling.FrequencyPenalty ?? 0),
        LogitBias = request.Sampling.LogitBias,
        Seed = request.Seed is { } seed ? unchecked((ulong)seed) : null,
    };
}
