namespace Deliberate.Engine.Tokenization;

/// <summary>Thrown when tokenizer data (a <c>tokenizer.json</c>, GGUF tokenizer metadata) is malformed or unsupported.</summary>
public sealed class TokenizerFormatException : Exception
{
    public TokenizerFormatException(string message)
        : base(message)
    {
    }

    public TokenizerFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
