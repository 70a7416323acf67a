using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Runtime;

/// <summary>A GGUF opened for generation: the mapped file, the bound model, its tokenizer and chat template.</summary>
public sealed class ModelSession : IDisposable
{
    private ModelSession(GgufFile file, TransformerModel model, Tokenizer tokenizer, ChatTemplate? template)
    {
        File = file;
        Model = model;
        Tokenizer = tokenizer;
        Template = template;
    }

    public GgufFile File { get; }

    public TransformerModel Model { get; }

    public Tokenizer Tokenizer { get; }

    /// <summary>The file's chat template (or the built-in one for its family), null when none applies.</summary>
    public ChatTemplate? Template { get; }

    /// <summary>Maps <paramref name="path"/> and binds model, tokenizer and template; <paramref name="threads"/> 0 = all cores.</summary>
    public static ModelSession Open(string path, int threads = 0)
    {
        var file = GgufFile.Open(path);
        try
        {
            var model = TransformerModel.Load(file, threads);
            var tokenizer = Tokenizer.Create(TokenizerGgufMetadata.Read(key => file.Metadata.TryGetValue(key, out var v) ? v.Value : null));
            ChatTemplate? template = null;
            try
            {
                template = ChatTemplate.FromModel(file.Metadata.TryGetString("tokenizer.chat_template"),
                    file.Metadata.TryGetString("general.architecture"), file.Metadata.TryGetString("general.name"));
            }
            catch (TemplateException)
            {
                // a template we cannot parse leaves raw prompting available
            }
            return new ModelSession(file, model, tokenizer, template);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Wraps one user message with the chat template (generation prompt added); the text as is when there is none.</summary>
    public string RenderUserPrompt(string text, bool? enableThinking = null) =>
        Template is null
            ? text
            : Template.Render(new ChatTemplateInput
            {
                Messages = [ChatTemplateMessage.User(text)],
                EnableThinking = enableThinking,
                BosToken = Tokenizer.BosId is int bos ? Tokenizer.GetTokenText(bos) : "",
                EosToken = Tokenizer.EosId is int eos ? Tokenizer.GetTokenText(eos) : "",
            });

    public void Dispose()
    {
        Model.Dispose();
        File.Dispose();
    }
}
