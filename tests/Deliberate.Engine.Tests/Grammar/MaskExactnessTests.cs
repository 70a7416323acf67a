using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// The mask is exact: at states reached during random generation, every token's bit from
/// <see cref="GrammarMatcher.FillMask"/> (trie walk, precomputed context-free sets, suffix walks, caches)
/// equals a direct byte-by-byte check of that token against the grammar.
/// </summary>
public sealed class MaskExactnessTests
{
    public static IEnumerable<object[]> Schemas()
    {
        foreach (var (name, _) in HandWrittenSchemas.All)
            yield return [name];
        yield return ["json_object"];
        for (var i = 0; i < 12; i++)
            yield return ["generated-" + i];
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void MaskEqualsByteByByteCheck(string name)
    {
        CompiledGrammar grammar;
        if (name == "json_object")
            grammar = JsonSchemaGrammar.JsonObject();
        else if (name.StartsWith("generated-", StringComparison.Ordinal))
        {
            var generator = new SchemaGenerator(777);
            var index = int.Parse(name["generated-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            string schema = "";
            for (var i = 0; i <= index; i++)
                schema = generator.Next();
            grammar = JsonSchemaGrammar.CompileUncached(schema);
        }
        else
            grammar = JsonSchemaGrammar.Compile(HandWrittenSchemas.All.Single(s => s.Name == name).Json);

        var vocabulary = TestVocabulary.Vocabulary;
        var tokens = TestVocabulary.Tokens;
        var rng = new Random(name.Length * 31 + 5);
        var model = new RandomModel(rng, vocabulary, tokens);
        var checkedStates = 0;
        var mismatches = new List<string>();
        model.Generate(grammar.CreateMatcher(vocabulary), 300, (matcher, mask, _) =>
        {
            // Check every third state fully: all tokens, including EOS and the special token.
            if (checkedStates++ % 3 != 0)
                return;
            for (var id = 0; id < vocabulary.Count; id++)
            {
                var bit = (mask[id >> 6] >> (id & 63) & 1) != 0;
                bool expected;
                if (id == TestVocabulary.EndOfText)
                    expected = matcher.CanTerminate;
                else if (id == TestVocabulary.SpecialToken)
                    expected = false;
                else
                    expected = matcher.WouldAcceptBytes(tokens[id]);
                if (bit != expected && mismatches.Count < 10)
                    mismatches.Add($"token {id} '{System.Text.Encoding.UTF8.GetString(tokens[id])}': mask {bit}, bytes {expected}");
            }
        });
        Assert.True(checkedStates > 1);
        Assert.Empty(mismatches);
    }
}
