using System.Text;
using Deliberate.Engine.Grammar;
using Xunit.Abstractions;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// The shortest completion a generation that runs out of room is closed with. At every step of seeded random
/// generations over the corpus (the hand-written API schemas, generated ones, JSON mode), its tokens are accepted in
/// order, leave the value able to end, and the closed output parses and validates with System.Text.Json and
/// NJsonSchema; its length is the true shortest, checked against every byte the grammar allows next.
/// </summary>
public sealed class ShortestCompletionTests(ITestOutputHelper output)
{
    private const string Person = """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}},
         "required":["name","age"],"additionalProperties":false}
        """;

    public static IEnumerable<object[]> HandWritten() => HandWrittenSchemas.All.Select(s => new object[] { s.Name });

    [Fact]
    public void AnOpenStringClosesWithTheFewestBytes()
    {
        var matcher = JsonSchemaGrammar.CompileUncached(Person).CreateMatcher(TestVocabulary.Vocabulary);
        Assert.Equal("""{"name":"","age":0}""", Close(matcher));
        Assert.True(matcher.AcceptBytes("{\"name\": \"___"u8));
        Assert.Equal("\",\"age\":0}", Close(matcher));
        Assert.True(matcher.AcceptBytes("\", \"age\": 4"u8));
        Assert.Equal(1, matcher.ShortestCompletionBytes);
        Assert.Equal("}", Close(matcher));
        Assert.True(matcher.AcceptBytes("}"u8));
        Assert.Equal(0, matcher.ShortestCompletionBytes);
        Assert.Equal("", Close(matcher));
    }

    [Fact]
    public void AStringInsideAMultiByteCharacterFinishesTheCharacterFirst()
    {
        var matcher = JsonSchemaGrammar.CompileUncached("""{"type":"string"}""").CreateMatcher(TestVocabulary.Vocabulary);
        // The first two bytes of "東" (E6 9D B1): one continuation byte, then the closing quote.
        Assert.True(matcher.AcceptBytes([(byte)'"', 0xE6, 0x9D]));
        Assert.Equal(2, matcher.ShortestCompletionBytes);
        var closed = new List<byte> { (byte)'"', 0xE6, 0x9D };
        closed.AddRange(Encoding.Latin1.GetBytes(Close(matcher)));
        Assert.Null(IndependentValidator.Check("""{"type":"string"}""", [.. closed]));
    }

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void EveryPrefixOfAHandWrittenSchemaOutputClosesIntoAValidValue(string name)
    {
        var schema = HandWrittenSchemas.All.Single(s => s.Name == name).Json;
        var steps = CloseEveryPrefix(schema, JsonSchemaGrammar.Compile(schema), runs: 4, seed: name.Sum(c => c) * 31, maxTokens: 300);
        Assert.True(steps > 0);
    }

    [Fact]
    public void EveryPrefixOfAGeneratedSchemaOutputClosesIntoAValidValue()
    {
        var generator = new SchemaGenerator(2718);
        var schemas = 0;
        var steps = 0;
        while (schemas < 120)
        {
            var schema = generator.Next();
            CompiledGrammar grammar;
            try
            {
                grammar = JsonSchemaGrammar.CompileUncached(schema);
            }
            catch (SchemaCompileException)
            {
                continue; // unsatisfiable (GrammarCorpusTests counts these)
            }

            schemas++;
            steps += CloseEveryPrefix(schema, grammar, runs: 1, seed: schemas, maxTokens: 120);
        }

        output.WriteLine($"{schemas} schemas, {steps} prefixes closed");
    }

    [Fact]
    public void JsonModePrefixesCloseIntoObjects()
    {
        var steps = CloseEveryPrefix("""{"type":"object"}""", JsonSchemaGrammar.JsonObject(), runs: 20, seed: 5, maxTokens: 200);
        Assert.True(steps > 100, $"only {steps} prefixes");
    }

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void TheCompletionLengthIsTheShortestInBytes(string name)
    {
        // A distance d is the true shortest when it is 0 exactly where the value may end, and every byte the grammar
        // takes next leads to a distance of at least d - 1, some byte to exactly d - 1 (Bellman's equation has one
        // solution). Checked at every step of seeded random generations.
        var schema = HandWrittenSchemas.All.Single(s => s.Name == name).Json;
        var model = new RandomModel(new Random(name.Length * 977), TestVocabulary.Vocabulary, TestVocabulary.Tokens);
        var checkedSteps = 0;
        for (var run = 0; run < 10 && checkedSteps < 40; run++)
        {
            model.Generate(JsonSchemaGrammar.Compile(schema).CreateMatcher(TestVocabulary.Vocabulary), 150, (matcher, _, _) =>
            {
                var distance = matcher.ShortestCompletionBytes;
                Assert.Equal(distance == 0, matcher.CanTerminate);
                var best = int.MaxValue;
                for (var b = 0; b < 256; b++)
                {
                    if (!matcher.AcceptBytes([(byte)b]))
                    {
                        continue;
                    }

                    var after = matcher.ShortestCompletionBytes;
                    matcher.Rollback(1);
                    Assert.True(after >= distance - 1, $"byte {b} shortens {distance} to {after}");
                    best = Math.Min(best, after);
                }

                if (distance > 0)
                {
                    Assert.Equal(distance - 1, best);
                }

                checkedSteps++;
            });
        }

        Assert.True(checkedSteps >= 40, $"only {checkedSteps} steps");
    }

    /// <summary>Generates under the grammar and closes a copy of the matcher at every step; returns the steps closed.</summary>
    private static int CloseEveryPrefix(string schema, CompiledGrammar grammar, int runs, int seed, int maxTokens)
    {
        var model = new RandomModel(new Random(seed), TestVocabulary.Vocabulary, TestVocabulary.Tokens);
        var steps = 0;
        for (var run = 0; run < runs; run++)
        {
            var result = model.Generate(grammar.CreateMatcher(TestVocabulary.Vocabulary), maxTokens, (matcher, _, written) =>
            {
                var closed = new List<byte>(written);
                closed.AddRange(Encoding.Latin1.GetBytes(Close(matcher)));
                var problem = IndependentValidator.Check(schema, [.. closed]);
                Assert.True(problem is null, $"{problem}: schema {schema}\nclosed output {Encoding.UTF8.GetString([.. closed])}");
                steps++;
            });
            Assert.Null(result.Failure);
        }

        return steps;
    }

    /// <summary>
    /// The shortest completion's bytes as Latin-1 text (one char per byte, so partial UTF-8 survives), after checking
    /// that its tokens are accepted one by one by a copy of the matcher, leave it able to end, and are no more numerous
    /// than its bytes.
    /// </summary>
    private static string Close(GrammarMatcher matcher)
    {
        var tokens = new List<int>();
        Assert.True(matcher.TryGetShortestCompletionTokens(tokens), "no tokens for the completion");
        var copy = matcher.Clone();
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            Assert.True(copy.Accept(token), $"completion token {token} refused");
            bytes.AddRange(TestVocabulary.Tokens[token]);
        }

        Assert.True(copy.CanTerminate, "the completion does not finish the value");
        Assert.Equal(matcher.ShortestCompletionBytes, bytes.Count);
        Assert.True(tokens.Count <= bytes.Count);
        return Encoding.Latin1.GetString([.. bytes]);
    }
}
