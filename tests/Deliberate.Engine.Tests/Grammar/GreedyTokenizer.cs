using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// Splits bytes into tokens by longest match over the vocabulary (not BPE, but a realistic token stream for
/// driving a grammar: the tokens are real vocabulary entries and mix structure with content).
/// </summary>
internal static class GreedyTokenizer
{
    public static List<int> Tokenize(IReadOnlyList<byte[]> tokens, ISet<int> excluded, ReadOnlySpan<byte> text)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var longest = 0;
        for (var id = 0; id < tokens.Count; id++)
        {
            if (excluded.Contains(id) || tokens[id].Length == 0)
                continue;
            index.TryAdd(Convert.ToHexString(tokens[id]), id);
            longest = Math.Max(longest, tokens[id].Length);
        }
        var result = new List<int>();
        var at = 0;
        while (at < text.Length)
        {
            var found = -1;
            var length = 0;
            for (var len = Math.Min(longest, text.Length - at); len >= 1; len--)
            {
                if (index.TryGetValue(Convert.ToHexString(text.Slice(at, len)), out var id))
                {
                    found = id;
                    length = len;
                    break;
                }
            }
            if (found < 0)
                throw new InvalidOperationException($"no token covers byte {text[at]} at {at}");
            result.Add(found);
            at += length;
        }
        return result;
    }

    public static TokenVocabulary CreateVocabulary(ByteLevelVocabularyFile.Contents contents) =>
        TokenVocabulary.Create(contents.Tokens, contents.EndOfGeneration, contents.Special);
}
