using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Models;

/// <summary>
/// What sets one llama-family architecture apart from the others: one row per value of <c>general.architecture</c>
/// the engine runs. <see cref="TransformerModel"/> is the one decoder for every row; the weight binder, the checkpoint
/// converter and the synthetic-model writer read the differences from here, so adding an architecture is adding a row
/// (docs/engine.md#architectures).
/// </summary>
public sealed record ArchitectureTraits
{
    /// <summary>Llama 2/3.x, Mistral and DeepSeek-R1-Distill-Llama.</summary>
    public static readonly ArchitectureTraits Llama = new()
    {
        Name = "llama",
        HuggingFaceClasses = ["LlamaForCausalLM", "MistralForCausalLM"],
        Rope = RopeType.Norm,
        QkvBias = false,
        QkNorm = false,
        OutputMayBeTied = true,
        FallbackTemplate = BuiltinChatTemplate.Llama3,
    };

    /// <summary>Qwen2, Qwen2.5 and DeepSeek-R1-Distill-Qwen.</summary>
    public static readonly ArchitectureTraits Qwen2 = new()
    {
        Name = "qwen2",
        HuggingFaceClasses = ["Qwen2ForCausalLM"],
        Rope = RopeType.Neox,
        QkvBias = true,
        QkNorm = false,
        OutputMayBeTied = true,
        FallbackTemplate = BuiltinChatTemplate.ChatMlThink,
    };

    /// <summary>Qwen3 dense models (and deliberate-nano); the head width comes from <c>attention.key_length</c>.</summary>
    public static readonly ArchitectureTraits Qwen3 = new()
    {
        Name = "qwen3",
        HuggingFaceClasses = ["Qwen3ForCausalLM"],
        Rope = RopeType.Neox,
        QkvBias = false,
        QkNorm = true,
        OutputMayBeTied = true,
        FallbackTemplate = BuiltinChatTemplate.ChatMlThink,
    };

    public static IReadOnlyList<ArchitectureTraits> All { get; } = [Llama, Qwen2, Qwen3];

    /// <summary>The value of <c>general.architecture</c>, and the prefix of the file's hyperparameter keys.</summary>
    public required string Name { get; init; }

    /// <summary>The <c>architectures[0]</c> values of a Hugging Face <c>config.json</c> that convert to this row.</summary>
    public required IReadOnlyList<string> HuggingFaceClasses { get; init; }

    /// <summary>Which dimensions RoPE rotates together.</summary>
    public required RopeType Rope { get; init; }

    /// <summary>The q, k and v projections add a bias (<c>attn_q.bias</c>, <c>attn_k.bias</c>, <c>attn_v.bias</c>).</summary>
    public required bool QkvBias { get; init; }

    /// <summary>Each query and key head is RMS-normalised before RoPE (<c>attn_q_norm.weight</c>, <c>attn_k_norm.weight</c>).</summary>
    public required bool QkNorm { get; init; }

    /// <summary>A file may leave out <c>output.weight</c>, and the LM head then reuses <c>token_embd.weight</c>.</summary>
    public required bool OutputMayBeTied { get; init; }

    /// <summary>The chat template a file of this architecture gets when it carries none (docs/engine.md#chat-templates).</summary>
    public required BuiltinChatTemplate FallbackTemplate { get; init; }

    /// <summary>
    /// Hugging Face rotates halves (NEOX order); a NORM-RoPE file stores its q and k rows permuted so that rotating
    /// adjacent pairs gives the same result, so the converter permutes them for such rows.
    /// </summary>
    public bool ConverterPermutesQueryKey => Rope == RopeType.Norm;

    /// <summary>The names of every row, for messages that list what is supported.</summary>
    public static string Names => string.Join(", ", All.Select(a => a.Name));

    /// <summary>The row for a <c>general.architecture</c> value, or null when the engine does not run it.</summary>
    public static ArchitectureTraits? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    public override string ToString() => Name;
}
