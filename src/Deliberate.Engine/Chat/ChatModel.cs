using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Chat;

/// <summary>
/// A model file loaded for chat: the transformer, its tokenizer and chat template, the think tags it uses and the
/// effort budgets it is served with. Forward steps are serialised by <see cref="ForwardLock"/>, so several
/// generations can share one model (each with its own sequences) and interleave token by token.
/// </summary>
public sealed class ChatModel : IDisposable
{
    private ChatModel(GgufFile file, TransformerModel model, Tokenizer tokenizer, ChatTemplate template, ChatModelOptions options)
    {
        File = file;
        Model = model;
        Tokenizer = tokenizer;
        Template = template;
        Options = options;
        Id = options.Id ?? Path.GetFileNameWithoutExtension(file.Path ?? "model");
        ContextSize = options.ContextSize > 0 ? options.ContextSize : Math.Min(model.Config.TrainedContextLength, 4096);
        ThinkOpenId = tokenizer.FindToken(ReasoningTags.Think.Open);
        ThinkCloseId = tokenizer.FindToken(ReasoningTags.Think.Close);
        EndOfThinking = ThinkCloseId is null ? [] : tokenizer.Encode("\n" + ReasoningTags.Think.Close + "\n\n", addSpecial: false, parseSpecial: true);
    }

    public GgufFile File { get; }

    public TransformerModel Model { get; }

    public Tokenizer Tokenizer { get; }

    public ChatTemplate Template { get; }

    public ChatModelOptions Options { get; }

    public string Id { get; }

    public int ContextSize { get; }

    /// <summary>The single token of <c>&lt;think&gt;</c>, when the vocabulary has one.</summary>
    public int? ThinkOpenId { get; }

    /// <summary>The single token of <c>&lt;/think&gt;</c>, when the vocabulary has one.</summary>
    public int? ThinkCloseId { get; }

    /// <summary>What budget forcing appends to close the reasoning: <c>\n&lt;/think&gt;\n\n</c> as tokens.</summary>
    public int[] EndOfThinking { get; }

    /// <summary>Held for each forward step: the compute pool runs one step at a time.</summary>
    public SemaphoreSlim ForwardLock { get; } = new(1, 1);

    public static ChatModel Load(string path, ChatModelOptions? options = null)
    {
        options ??= new ChatModelOptions();
        var file = GgufFile.Open(path);
        try
        {
            var data = TokenizerGgufMetadata.Read(key => file.Metadata.TryGetValue(key, out var value) ? value.Value : null);
            var tokenizer = Tokenizer.Create(data);
            var template = ChatTemplate.FromModel(data.ChatTemplate, file.Metadata.TryGetString("general.architecture"), file.Metadata.TryGetString("general.name"));
            var model = TransformerModel.Load(file, options.Threads);
            return new ChatModel(file, model, tokenizer, template, options);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Model.Dispose();
        File.Dispose();
        ForwardLock.Dispose();
    }
}
