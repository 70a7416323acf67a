using System.Text;
using Deliberate.Engine.Grammar;
using Xunit.Abstractions;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// Drives generation with a seeded random "model" under the grammar for 300+ schemas (seeded generator plus
/// hand-written API schemas) and checks every completed output with System.Text.Json and NJsonSchema.
/// </summary>
public sealed class GrammarCorpusTests(ITestOutputHelper output)
{
    private const int GeneratedSchemas = 300;
    private const int MaxTokens = 600;

    public static IEnumerable<object[]> HandWritten() => HandWrittenSchemas.All.Select(s => new object[] { s.Name });

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void HandWrittenSchemaOutputsValidate(string name)
    {
        var schema = HandWrittenSchemas.All.Single(s => s.Name == name).Json;
        var grammar = JsonSchemaGrammar.Compile(schema);
        var (completed, failures) = Run(schema, grammar, runs: 8, seed: name.Sum(c => c) * 7919);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Recursive schemas (trees) sometimes outgrow the token cap; most generations must still finish.
        Assert.True(completed >= 3, $"only {completed}/8 generations completed");
    }

    [Fact]
    public void GeneratedSchemaCorpusOutputsValidate()
    {
        var generator = new SchemaGenerator(12345);
        var failures = new List<string>();
        int compiled = 0, completed = 0, attempted = 0, rejected = 0;
        for (var i = 0; i < GeneratedSchemas; i++)
        {
            var schema = generator.Next();
            CompiledGrammar grammar;
            try
            {
                grammar = JsonSchemaGrammar.CompileUncached(schema);
            }
            catch (SchemaCompileException e)
            {
                // Generated schemas can be unsatisfiable (e.g. a required property whose enum filters to nothing).
                rejected++;
                Assert.Contains("no finite JSON value", e.Reason, StringComparison.Ordinal);
                continue;
            }
            compiled++;
            var (ok, errors) = Run(schema, grammar, runs: 2, seed: i);
            attempted += 2;
            completed += ok;
            failures.AddRange(errors);
        }
        output.WriteLine($"schemas {GeneratedSchemas}: compiled {compiled}, rejected {rejected}; generations {attempted}: completed {completed}, invalid {failures.Count}");
        Assert.True(failures.Count == 0, $"{failures.Count} invalid outputs:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(compiled >= GeneratedSchemas * 9 / 10, $"only {compiled} of {GeneratedSchemas} schemas compiled ({rejected} rejected)");
        Assert.True(completed >= attempted * 8 / 10, $"only {completed}/{attempted} generations completed");
    }

    [Fact]
    public void JsonObjectModeOutputsAreObjects()
    {
        var grammar = JsonSchemaGrammar.JsonObject();
        var (completed, failures) = Run("""{"type":"object"}""", grammar, runs: 40, seed: 7);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(completed >= 30, $"only {completed}/40 generations completed");
    }

    private static (int Completed, List<string> Failures) Run(string schema, CompiledGrammar grammar, int runs, int seed)
    {
        var vocabulary = TestVocabulary.Vocabulary;
        var model = new RandomModel(new Random(seed), vocabulary, TestVocabulary.Tokens);
        var failures = new List<string>();
        var completed = 0;
        for (var r = 0; r < runs; r++)
        {
            var matcher = grammar.CreateMatcher(vocabulary);
            var result = model.Generate(matcher, MaxTokens);
            var text = Encoding.UTF8.GetString(result.Output);
            if (result.Failure is not null)
            {
                failures.Add($"{result.Failure}: schema {schema} output {text}");
                continue;
            }
            if (!result.Completed)
                continue;
            completed++;
            var problem = IndependentValidator.Check(schema, result.Output);
            if (problem is not null)
                failures.Add($"{problem}: schema {schema} output {text}");
        }
        return (completed, failures);
    }
}
