using Deliberate.Engine.Grammar;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Chat;

/// <summary>
/// A model's vocabulary as constrained decoding needs it: the grammar engine's byte trie (special tokens never
/// allowed inside JSON, end-of-generation ids only once the value is complete) and the tokens that are nothing but
/// whitespace, which a model may write between its reasoning and its answer.
/// </summary>
internal sealed class ConstraintVocabulary
{
    public ConstraintVocabulary(Tokenizer tokenizer)
    {
        var bytes = new byte[tokenizer.VocabSize][];
        var special = new HashSet<int>();
        var whitespace = new List<int>();
        for (var id = 0; id < tokenizer.VocabSize; id++)
        {
            bytes[id] = tokenizer.TokenBytes(id);
            var type = tokenizer.GetTokenType(id);
            if (type is not (TokenType.Normal or TokenType.Byte or TokenType.Undefined))
            {
                special.Add(id);
            }
            else if (bytes[id].Length > 0 && Array.TrueForAll(bytes[id], b => b is (byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r'))
            {
                whitespace.Add(id);
            }
        }

        Tokens = TokenVocabulary.Create(bytes, tokenizer.EndOfGenerationIds, special);
        WhitespaceIds = [.. whitespace];
    }

    public TokenVocabulary Tokens { get; }

    public int[] WhitespaceIds { get; }
}
