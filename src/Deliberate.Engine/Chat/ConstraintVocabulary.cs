using System.Collections.Concurrent;
using System.Text;
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

    private readonly ConcurrentDictionary<string, SuffixBridge[]> _bridges = new(StringComparer.Ordinal);

    public TokenVocabulary Tokens { get; }

    public int[] WhitespaceIds { get; }

    /// <summary>
    /// The normal tokens that end an object value and begin <paramref name="suffix"/> in one piece: the token's bytes
    /// are value bytes ending in '}' followed by a non-empty prefix of the suffix (<c>}}\n</c> before <c>\n&lt;/tool_call&gt;</c>).
    /// A model trained on the whole text prefers such a token where the value ends, so the gate must allow it.
    /// Computed once per suffix and vocabulary.
    /// </summary>
    public SuffixBridge[] BridgesInto(string suffix) => _bridges.GetOrAdd(suffix, FindBridges);

    private SuffixBridge[] FindBridges(string suffix)
    {
        var tail = Encoding.UTF8.GetBytes(suffix);
        var found = new List<SuffixBridge>();
        for (var id = 0; id < Tokens.Count; id++)
        {
            if (Tokens.IsExcluded[id])
            {
                continue;
            }

            var bytes = Tokens.GetTokenBytes(id);
            // The longest suffix prefix wins, so the value part is as short as the token allows. Only value parts
            // ending in '}' are kept: suffixes follow object values (tool calls), and a large vocabulary has
            // thousands of tokens ending in a newline (".\n", ":\n") that the gate would check at every step.
            for (var split = 1; split < bytes.Length; split++)
            {
                if (bytes[split - 1] == (byte)'}' && tail.AsSpan().StartsWith(bytes[split..]))
                {
                    found.Add(new SuffixBridge(id, split, bytes.Length - split));
                    break;
                }
            }
        }

        return [.. found];
    }
}

/// <summary>Token <paramref name="Id"/>: its first <paramref name="ValueBytes"/> bytes end the value, the next <paramref name="SuffixBytes"/> begin the suffix.</summary>
internal readonly record struct SuffixBridge(int Id, int ValueBytes, int SuffixBytes);
