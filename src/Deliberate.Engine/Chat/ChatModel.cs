using Deliberate.Engine.Tensors;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Chat;

/// <summary>
/// A model file loaded for chat: the transformer, its tokenizer and chat template, the think tags it uses and the
/// thinking budgets it is served with. Every generation runs in the model's one <see cref="Scheduler"/>, so several
/// requests share the model (each with its own sequences) and decode together, token by token.
/// </summary>
public sealed class ChatModel : IDisposable
{
    private ChatModel(GgufFile file, TransformerModel transformer, Tokenizer tokenizer, ChatTemplate template, ChatModelOptions options)
    {
        File = file;
        FileBudgets = EffortBudgets.FromMetadata(file.Metadata);
        Transformer = transformer;
        Tokenizer = tokenizer;
        Template = template;
        Options = options;
        Id = options.Id ?? Path.GetFileNameWithoutExtension(file.Path ?? "model");
        if (options.KvCacheType is not (GgmlType.F16 or GgmlType.F32 or GgmlType.BF16))
            throw new ArgumentException($"KV cache type {options.KvCacheType}: F32, F16 or BF16 expected", nameof(options));
        ContextSize = options.ContextSize > 0 ? options.ContextSize : Math.Min(transformer.Config.TrainedContextLength, 4096);
        ThinkOpenId = tokenizer.FindToken(ReasoningTags.Think.Open);
        ThinkCloseId = tokenizer.FindToken(ReasoningTags.Think.Close);
        EndOfThinking = ThinkCloseId is null ? [] : tokenizer.Encode("\n" + ReasoningTags.Think.Close + "\n\n", addSpecial: false, parseSpecial: true);
        AnswerControlTokens = new[] { "<tool_call>", "</tool_call>" }.Select(tokenizer.FindToken).OfType<int>().ToHashSet();
        var maxActive = Math.Max(1, options.MaxActiveSequences);
        _scheduler = new Lazy<ChatScheduler>(() => new ChatScheduler(this, new ChatSchedulerOptions
        {
            MaxActiveSequences = maxActive,
            MaxQueuedRequests = Math.Max(0, options.MaxQueuedRequests),
            ReservedInteractiveSequences = Math.Clamp(options.ReservedInteractiveSequences, 0, maxActive - 1),
            MaxBatchSequencesBesideInteractive = Math.Max(1, options.MaxBatchSequencesBesideInteractive),
            PrefixCacheEntries = Math.Max(0, options.PrefixCacheEntries),
            PrefixCacheBytes = Math.Max(0, options.PrefixCacheBytes),
        }));
        _constraints = new Lazy<ConstraintVocabulary>(() => new ConstraintVocabulary(tokenizer));
        // The tokenizer caches each token's bytes on first use; filling the cache now (a few MB for a 150k vocabulary)
        // means decoding never allocates on the first sight of a token, mid-generation on the scheduler thread.
        for (var id = 0; id < tokenizer.VocabSize; id++)
        {
            _ = tokenizer.GetTokenBytes(id);
        }

        foreach (var effort in Efforts.All)
        {
            // Resolving every level once checks the configured and file budgets before any request needs them.
            ResolveThinkingBudget(effort, requested: null);
        }
    }

    private readonly Lazy<ChatScheduler> _scheduler;
    private readonly Lazy<ConstraintVocabulary> _constraints;

    /// <summary>The vocabulary as constrained decoding sees it (built on first use).</summary>
    internal ConstraintVocabulary Constraints => _constraints.Value;

    public GgufFile File { get; }

    /// <summary>The decoder: weights bound from the file, and the forward step every sequence runs through.</summary>
    public TransformerModel Transformer { get; }

    public Tokenizer Tokenizer { get; }

    public ChatTemplate Template { get; }

    public ChatModelOptions Options { get; }

    public string Id { get; }

    /// <summary>The thinking budgets the model file carries (<c>deliberate.thinking_budget.*</c>); levels it lacks are null.</summary>
    public EffortBudgets FileBudgets { get; }

    public int ContextSize { get; }

    /// <summary>The single token of <c>&lt;think&gt;</c>, when the vocabulary has one.</summary>
    public int? ThinkOpenId { get; }

    /// <summary>The single token of <c>&lt;/think&gt;</c>, when the vocabulary has one.</summary>
    public int? ThinkCloseId { get; }

    /// <summary>Control tokens whose text belongs in an answer: the tool-call tags, which the tool-call parser reads.</summary>
    public IReadOnlySet<int> AnswerControlTokens { get; }

    /// <summary>What budget forcing appends to close the reasoning: <c>\n&lt;/think&gt;\n\n</c> as tokens.</summary>
    public int[] EndOfThinking { get; }

    /// <summary>The shared decode loop every generation on this model runs in (started on first use).</summary>
    public ChatScheduler Scheduler => _scheduler.Value;

    public static ChatModel Load(string path, ChatModelOptions? options = null)
    {
        options ??= new ChatModelOptions();
        var file = GgufFile.Open(path);
        try
        {
            var data = TokenizerGgufMetadata.Read(key => file.Metadata.TryGetValue(key, out var value) ? value.Value : null);
            var tokenizer = Tokenizer.Create(data);
            var template = ChatTemplate.FromModel(data.ChatTemplate, file.Metadata.TryGetString("general.architecture"), file.Metadata.TryGetString("general.name"));
            var transformer = TransformerModel.Load(file, options.Threads);
            try
            {
                return new ChatModel(file, transformer, tokenizer, template, options);
            }
            catch
            {
                transformer.Dispose();
                throw;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The thinking budget of a request on this model: its explicit budget, else the configured one for the effort,
    /// else the file's, else the engine's default (<see cref="EffortBudgets.Resolve"/>; null effort means medium).
    /// </summary>
    public ResolvedBudget ResolveThinkingBudget(Effort? effort, int? requested) =>
        EffortBudgets.Resolve(effort ?? Efforts.Default, requested, Options.Budgets, FileBudgets);

    public void Dispose()
    {
        if (_scheduler.IsValueCreated)
        {
            _scheduler.Value.Dispose();
        }

        Transformer.Dispose();
        File.Dispose();
    }
}
