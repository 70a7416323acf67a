namespace Deliberate.Engine.Tokenization;

/// <summary>The kind of a vocabulary entry, with the numeric values of GGUF's <c>tokenizer.ggml.token_type</c>.</summary>
public enum TokenType
{
    /// <summary>Not set (a GGUF value of 0); treated like <see cref="Normal"/>.</summary>
    Undefined = 0,

    /// <summary>An ordinary piece produced by the model's BPE.</summary>
    Normal = 1,

    /// <summary>The unknown-token placeholder.</summary>
    Unknown = 2,

    /// <summary>A control token such as BOS, EOS or <c>&lt;|im_start|&gt;</c>; only produced from text when specials are parsed.</summary>
    Control = 3,

    /// <summary>An added token that is always matched literally in text, such as Qwen's <c>&lt;think&gt;</c>.</summary>
    UserDefined = 4,

    /// <summary>A reserved slot that text never maps to.</summary>
    Unused = 5,

    /// <summary>A SentencePiece byte-fallback token written <c>&lt;0xNN&gt;</c>.</summary>
    Byte = 6,
}
