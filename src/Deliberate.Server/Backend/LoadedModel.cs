using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tokenization;
using Deliberate.Server.Configuration;

namespace Deliberate.Server.Backend;

/// <summary>A GGUF model opened for serving: weights, tokenizer, chat template, and the context size in use.</summary>
public sealed class LoadedModel : IDisposable
{
    private const int DefaultContextCap = 8192;
    private readonly GgufFile _file;

    public LoadedModel(ModelOptions options, int threads)
    {
        Options = options;
        _file = GgufFile.Open(options.Path);
        Tokenizer = Tokenizer.Create(TokenizerGgufMetadata.Read(key => _file.Metadata.TryGetValue(key, out var value) ? value.Value : null));
        Template = ChatTemplate.FromModel(_file.Metadata.TryGetString("tokenizer.chat_template"), _file.Metadata.TryGetString("general.architecture"),
            _file.Metadata.TryGetString("general.name"));
        Model = TransformerModel.Load(_file, threads);
        ContextSize = options.ContextSize > 0 ? options.ContextSize : Math.Min(Model.Config.TrainedContextLength, DefaultContextCap);
    }

    public ModelOptions Options { get; }
    public TransformerModel Model { get; }
    public Tokenizer Tokenizer { get; }
    public ChatTemplate Template { get; }
    public int ContextSize { get; }

    public void Dispose()
    {
        Model.Dispose();
        _file.Dispose();
    }
}
