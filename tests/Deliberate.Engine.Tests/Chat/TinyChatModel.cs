using Deliberate.Engine.Chat;
using Deliberate.Engine.Synthesis;
using Deliberate.Engine.Tokenization;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>A tiny random-weight qwen3 model with the synthetic vocabulary and a chat template, loaded for chat.</summary>
internal sealed class TinyChatModel : IDisposable
{
    /// <summary>ChatML whose generation prompt leaves the thinking to the model (as deliberate-nano's does).</summary>
    public const string ModelOpensThinking = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
        + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"deliberate-tiny-chat-{Guid.NewGuid():N}.gguf");

    public TinyChatModel(string template = ModelOpensThinking, ulong seed = 3, ChatModelOptions? options = null)
    {
        var vocabulary = SyntheticVocabulary.Create();
        var withTemplate = new TokenizerData
        {
            Model = vocabulary.Model,
            PreTokenizer = vocabulary.PreTokenizer,
            Tokens = vocabulary.Tokens,
            TokenTypes = vocabulary.TokenTypes,
            Merges = vocabulary.Merges,
            BosId = vocabulary.BosId,
            EosId = vocabulary.EosId,
            AddBos = false,
            ChatTemplate = template,
        };
        SyntheticModel.Write(_path, SynthShape.Get("qwen3", "tiny"), "f32", seed, withTemplate);
        Model = ChatModel.Load(_path, options ?? new ChatModelOptions { Threads = 2, ContextSize = 256, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 } });
    }

    public ChatModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        File.Delete(_path);
    }
}
