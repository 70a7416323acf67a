using System.Text;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Synthesis;

/// <summary>
/// A deterministic byte-level BPE vocabulary for synthetic models when no real <c>tokenizer.json</c> is given:
/// the 256 byte tokens, merges learned from a fixed English text, ChatML and think special tokens, and unused
/// <c>[PAD n]</c> entries up to the requested size so large shapes keep their real output-layer width.
/// </summary>
public static class SyntheticVocabulary
{
    public static IReadOnlyList<string> SpecialTokens { get; } =
        ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "</tool_call>"];

    private const string Corpus =
        "The quick brown fox jumps over the lazy dog. A reasoning model thinks before it answers: it writes its "
        + "steps, checks the result, and then gives the answer. Numbers such as 12, 345 and 6789 are written one "
        + "digit at a time. What is the sum of the first ten numbers? The answer is 55. Then we compute the product "
        + "and the remainder, and we compare them. The model can call tools and return JSON with keys and values. "
        + "In the beginning there was the word, and the word was with the model, and the model was helpful.";

    /// <param name="size">Total vocabulary size; 0 means just the learned tokens and the specials.</param>
    /// <param name="merges">How many merges to learn from the corpus.</param>
    public static TokenizerData Create(int size = 0, int merges = 300)
    {
        var tokens = new List<string>();
        for (var b = 0; b < 256; b++)
        {
            tokens.Add(ByteLevelAlphabet.ToChar((byte)b).ToString());
        }

        var mergeList = LearnMerges(merges);
        foreach (var merge in mergeList)
        {
            tokens.Add(merge.Replace(" ", "", StringComparison.Ordinal));
        }

        var types = Enumerable.Repeat((int)TokenType.Normal, tokens.Count).ToList();
        var firstSpecial = tokens.Count;
        foreach (var special in SpecialTokens)
        {
            tokens.Add(special);
            types.Add((int)TokenType.Control);
        }

        if (size > 0 && size < tokens.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"the synthetic vocabulary needs at least {tokens.Count} tokens");
        }

        for (var i = tokens.Count; i < size; i++)
        {
            tokens.Add($"[PAD{i}]");
            types.Add((int)TokenType.Unused);
        }

        return new TokenizerData
        {
            Model = TokenizerData.Gpt2Model,
            PreTokenizer = "qwen2",
            Tokens = [.. tokens],
            TokenTypes = [.. types],
            Merges = [.. mergeList],
            BosId = firstSpecial,
            EosId = firstSpecial + 2,
            PaddingId = firstSpecial,
            AddBos = false,
            ChatTemplate = ChatTemplate.BuiltinSource(BuiltinChatTemplate.ChatMlThink),
        };
    }

    /// <summary>Plain BPE training over space-prefixed words, most frequent pair first, ties broken by ordinal order.</summary>
    private static List<string> LearnMerges(int count)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in Corpus.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var mapped = string.Concat(Encoding.UTF8.GetBytes(" " + word).Select(ByteLevelAlphabet.ToChar));
            words[mapped] = words.GetValueOrDefault(mapped) + 1;
        }

        var split = words.ToDictionary(w => w.Key, w => w.Key.Select(c => c.ToString()).ToList(), StringComparer.Ordinal);
        var merges = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (merges.Count < count)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (word, symbols) in split)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + words[word];
                }
            }

            var best = pairs.Where(p => !seen.Contains(p.Key.Item1 + p.Key.Item2))
                .OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1 + " " + p.Key.Item2, StringComparer.Ordinal).FirstOrDefault();
            if (best.Value == 0)
            {
                break;
            }

            var (left, right) = best.Key;
            merges.Add($"{left} {right}");
            seen.Add(left + right);
            foreach (var symbols in split.Values)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = left + right;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }
}
