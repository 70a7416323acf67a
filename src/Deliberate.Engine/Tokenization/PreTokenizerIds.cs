namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Known values of <c>tokenizer.ggml.pre</c> (llama.cpp <c>llama-vocab.cpp</c>,
/// docs/engine.md#byte-level-bpe-and-pre-tokenizers) and the split pattern each one stands for.
/// </summary>
public static class PreTokenizerIds
{
    public const string Default = "default";
    public const string Gpt2 = "gpt-2";
    public const string Llama3 = "llama-bpe";
    public const string Qwen2 = "qwen2";
    public const string DeepSeekR1Qwen = "deepseek-r1-qwen";
    public const string Gpt4o = "gpt-4o";
    public const string DeepSeekV3 = "deepseek-v3";

    /// <summary>GPT-2's split pattern.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Llama 3's split pattern (digits in groups of up to three).</summary>
    public const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Qwen 2's split pattern: Llama 3's with single digits.</summary>
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>o200k's split pattern (gpt-4o, gpt-oss).</summary>
    public const string O200kPattern =
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?" +
        @"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?" +
        @"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>True for the ids whose vocabularies emit a pre-token whole when it is itself a token (<c>ignore_merges</c>).</summary>
    public static bool IgnoresMerges(string? id) => id is "llama3" or "llama-bpe" or "llama-v3" or "falcon3" or "pixtral"
        or "lfm2" or "dbrx" or "smaug-bpe" or "gpt-4o" or "llama4";

    /// <summary>True for the ids whose models add BOS by default (llama.cpp sets <c>add_bos</c> for the Llama 3 family).</summary>
    public static bool AddsBos(string? id) => id is "llama3" or "llama-bpe" or "llama-v3" or "falcon3" or "pixtral"
        or "lfm2" or "dbrx" or "smaug-bpe";
}
