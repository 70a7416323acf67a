using System.Text;
using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// A deterministic byte-level BPE-like vocabulary for grammar tests: the 256 single bytes, then a few
/// thousand multi-byte tokens cut from JSON-ish and English text (words with a leading space, punctuation
/// runs such as <c>",</c> or <c>"}]</c>, digit runs, indentation, escapes, fragments of multi-byte UTF-8),
/// then an end-of-text id and a special control token.
/// </summary>
internal static class TestVocabulary
{
    private static readonly Lazy<(TokenVocabulary Vocabulary, List<byte[]> Tokens)> Shared = new(Build);

    public static TokenVocabulary Vocabulary => Shared.Value.Vocabulary;

    public static IReadOnlyList<byte[]> Tokens => Shared.Value.Tokens;

    public static int EndOfText => Shared.Value.Tokens.Count - 2;

    public static int SpecialToken => Shared.Value.Tokens.Count - 1;

    private const string Text = """
        The quick brown fox jumps over the lazy dog. Weather in Paris is sunny with a temperature of 21 degrees.
        Invoice number INV-2024-0042 was issued to Acme Corporation for 3 items, total amount 1299.99 EUR.
        User profile: name Alice Smith, email alice@example.com, age 34, active true, roles admin and editor.
        Search results for "constrained decoding": 10 results found in 0.42 seconds; next page token abc123.
        A tree has a value and children; a linked list has a value and a next pointer that may be null.
        Café, naïve, façade, 東京, 北京, Москва, emoji 😀 and 🚀 appear in multilingual text — “quotes” too.
        The status is pending, approved, rejected or cancelled. Priority: low, medium, high, critical.
        {"id": 1, "name": "Widget", "price": 9.5, "tags": ["a", "b"], "in_stock": true, "meta": null}
        {"results":[{"title":"Hello world","url":"https://example.com/a","score":0.87}],"total":2}
        [{"date":"2024-01-15","time":"13:45:00Z","uuid":"123e4567-e89b-12d3-a456-426614174000"}]
        {
          "city": "Berlin",
          "forecast": [
            {"day": "Monday", "high": 18, "low": 9},
            {"day": "Tuesday", "high": -3, "low": -12}
          ],
          "escaped": "line\nbreak \"quoted\" back\\slash \u00e9 tab\t"
        }
        """;

    private static (TokenVocabulary, List<byte[]>) Build()
    {
        var tokens = new List<byte[]>();
        for (var b = 0; b < 256; b++)
            tokens.Add([(byte)b]);
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        var pieces = Pieces(Text).ToList();
        foreach (var piece in pieces)
        {
            for (var len = 2; len <= Math.Min(piece.Length, 12); len++)
                candidates.Add(piece[..len]);
        }
        // Adjacent piece pairs give the merged structural tokens real BPE vocabularies have ("\":", "\"},", ...).
        for (var i = 0; i + 1 < pieces.Count; i++)
        {
            var pair = pieces[i] + pieces[i + 1];
            if (pair.Length <= 8)
                candidates.Add(pair);
        }
        string[] structural =
        [
            "{\"", "\"}", "\":", "\": ", "\":\"", "\": \"", "\",", "\", ", "\",\"", "\", \"", "\"]", "\"],", "\"]}", "[{\"",
            "}]", "},", "},{", "}}", "]}", "],", "[]", "{}", "null", "true", "false", ",\n", "\n  ", "\n    ", "    ",
            "  ", "\t", "\\n", "\\\"", "\\\\", "\\u", "\\u00", "0.", "00", "000", "12", "123", "-1", "1e", "e+", ".5",
            "2024", "-01-", "T12:", ":00", "Z\"", "\"\n", "\n}", "\n]", " \"", " {", " [", "\":[", "\":{", "\":null",
            "\":true", "\":false", "\":0", "\":1", "\"\"", "\"}\n", "}\n", "a\"", "s\",", "e\"}", "d\":",
        ];
        foreach (var s in structural)
            candidates.Add(s);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var bytes = Encoding.UTF8.GetBytes(c);
            if (bytes.Length >= 2 && seen.Add(Convert.ToBase64String(bytes)))
                tokens.Add(bytes);
        }
        // Fragments of multi-byte characters, as byte-level BPE has them.
        foreach (var ch in new[] { "東", "京", "😀", "é" })
        {
            var bytes = Encoding.UTF8.GetBytes(ch);
            for (var len = 2; len < bytes.Length; len++)
                tokens.Add(bytes[..len]);
            tokens.Add([.. bytes[1..]]);
        }
        tokens.Add(Encoding.UTF8.GetBytes("<|endoftext|>"));
        tokens.Add(Encoding.UTF8.GetBytes("<|im_start|>"));
        var eos = tokens.Count - 2;
        var special = tokens.Count - 1;
        var vocabulary = TokenVocabulary.Create(tokens, new HashSet<int> { eos }, new HashSet<int> { special });
        return (vocabulary, tokens);
    }

    /// <summary>GPT-2-style pieces: an optional space then letters, or digits, or punctuation runs, or whitespace runs.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (text[i] == ' ' && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                i++;
            if (char.IsLetter(text[i]))
            {
                while (i < text.Length && char.IsLetter(text[i]))
                    i++;
            }
            else if (char.IsDigit(text[i]))
            {
                while (i < text.Length && char.IsDigit(text[i]))
                    i++;
            }
            else if (char.IsWhiteSpace(text[i]))
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                    i++;
            }
            else
            {
                while (i < text.Length && !char.IsLetterOrDigit(text[i]) && !char.IsWhiteSpace(text[i]))
                    i++;
            }
            if (i == start)
                i++;
            yield return text[start..i];
        }
    }
}
