using Deliberate.Engine.Gguf;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Everything needed to build a <see cref="Tokenizer"/>, in the shape of GGUF's <c>tokenizer.*</c> metadata
/// (docs/engine.md#gguf-keys) and independent of where it came from (a GGUF file or a Hugging Face <c>tokenizer.json</c>).
/// Token strings are stored as the file stores them: byte-level BPE vocabularies in the printable byte alphabet
/// (<c>Ġ</c> for a space), SentencePiece vocabularies with <c>▁</c> for a space.
/// </summary>
public sealed class TokenizerData
{
    /// <summary>Byte-level BPE (GPT-2, Llama 3, Qwen, gpt-oss).</summary>
    public const string Gpt2Model = "gpt2";

    /// <summary>SentencePiece BPE with scores and byte fallback (Llama 2, Mistral v1).</summary>
    public const string LlamaModel = "llama";

    /// <summary><c>tokenizer.ggml.model</c>: <see cref="Gpt2Model"/> or <see cref="LlamaModel"/>.</summary>
    public required string Model { get; init; }

    /// <summary><c>tokenizer.ggml.pre</c>: the pre-tokenizer id (byte-level BPE only), see <see cref="PreTokenizerIds"/>.</summary>
    public string? PreTokenizer { get; init; }

    /// <summary><c>tokenizer.ggml.tokens</c>, indexed by token id.</summary>
    public required string[] Tokens { get; init; }

    /// <summary><c>tokenizer.ggml.token_type</c> (values of <see cref="TokenType"/>), same length as <see cref="Tokens"/>.</summary>
    public required int[] TokenTypes { get; init; }

    /// <summary><c>tokenizer.ggml.scores</c>: SentencePiece merge priorities (higher merges first).</summary>
    public float[]? Scores { get; init; }

    /// <summary><c>tokenizer.ggml.merges</c>: "left right" pairs; the index is the merge rank.</summary>
    public string[]? Merges { get; init; }

    public int? BosId { get; init; }

    public int? EosId { get; init; }

    public int? EotId { get; init; }

    public int? EomId { get; init; }

    public int? UnknownId { get; init; }

    public int? PaddingId { get; init; }

    /// <summary><c>tokenizer.ggml.add_bos_token</c>; null means the model's default.</summary>
    public bool? AddBos { get; init; }

    /// <summary><c>tokenizer.ggml.add_eos_token</c>; null means false.</summary>
    public bool? AddEos { get; init; }

    /// <summary><c>tokenizer.ggml.add_space_prefix</c> (SentencePiece only); null means true for <see cref="LlamaModel"/>.</summary>
    public bool? AddSpacePrefix { get; init; }

    /// <summary><c>tokenizer.chat_template</c>: the Jinja source of the default chat template.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>The token count.</summary>
    public int VocabSize => Tokens.Length;

    /// <summary>Reads the <c>tokenizer.*</c> keys of a GGUF file (see <see cref="TokenizerGgufMetadata.Read(GgufMetadata)"/>).</summary>
    public static TokenizerData FromGguf(GgufMetadata metadata) => TokenizerGgufMetadata.Read(metadata);

    /// <summary>Adds the <c>tokenizer.*</c> keys to a GGUF file being written.</summary>
    public GgufWriter WriteTo(GgufWriter writer) => TokenizerGgufMetadata.WriteTo(this, writer);
}
