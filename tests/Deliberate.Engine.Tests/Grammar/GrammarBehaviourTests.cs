using System.Text;
using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>What the grammar accepts and rejects, keyword by keyword, checked on whole outputs.</summary>
public sealed class GrammarBehaviourTests
{
    private static CompiledGrammar Compile(string schema, GrammarOptions? options = null) => JsonSchemaGrammar.CompileUncached(schema, options);

    /// <summary>The text is a complete output of the grammar.</summary>
    private static bool Complete(CompiledGrammar grammar, string text)
    {
        var matcher = grammar.CreateMatcher(TestVocabulary.Vocabulary);
        return matcher.AcceptBytes(Encoding.UTF8.GetBytes(text)) && matcher.CanTerminate;
    }

    /// <summary>The text is a valid prefix (complete or not).</summary>
    private static bool Prefix(CompiledGrammar grammar, byte[] bytes) =>
        grammar.CreateMatcher(TestVocabulary.Vocabulary).AcceptBytes(bytes);

    private static bool Prefix(CompiledGrammar grammar, string text) => Prefix(grammar, Encoding.UTF8.GetBytes(text));

    private const string TwoProps = """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":false}""";

    [Fact]
    public void PropertiesFollowSchemaOrderAndRequiredOnesAppear()
    {
        var g = Compile(TwoProps);
        Assert.True(Complete(g, """{"a":1,"b":"x"}"""));
        Assert.False(Prefix(g, """{"b":"""));
        Assert.False(Complete(g, """{"a":1}"""));
        Assert.False(Prefix(g, """{"a":1,"c":"""));
    }

    [Fact]
    public void OptionalPropertiesMayBeSkippedAndCommasStayRight()
    {
        var g = Compile("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}},"required":["c"],"additionalProperties":false}""");
        Assert.True(Complete(g, """{"c":3}"""));
        Assert.True(Complete(g, """{"a":1,"c":3}"""));
        Assert.True(Complete(g, """{"b":2,"c":3}"""));
        Assert.False(Prefix(g, """{,"""));
        Assert.False(Prefix(g, """{"a":1,,"""));
    }

    [Fact]
    public void WouldCompleteWithIsTrueOnlyForBytesThatEndTheValueAndLeavesTheMatcherAsItWas()
    {
        // The answer gate asks this of a token like "}}\n" whose first bytes end a forced tool call.
        var matcher = Compile(TwoProps).CreateMatcher(TestVocabulary.Vocabulary);
        Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes("""{"a":12,"b":"x""")));
        Assert.False(matcher.WouldCompleteWith("\""u8));     // accepted, but the object is still open
        Assert.True(matcher.WouldCompleteWith("\"}"u8));
        Assert.False(matcher.WouldCompleteWith("\"}\n"u8));  // the grammar has nothing after the root object
        Assert.False(matcher.WouldCompleteWith("}"u8));       // rejected: the string is open
        Assert.False(matcher.WouldCompleteWith([]));
        Assert.False(matcher.IsComplete);
        Assert.True(matcher.AcceptBytes("\"}"u8));
        Assert.True(matcher.IsComplete);
    }

    [Fact]
    public void ExtraKeysFollowAdditionalProperties()
    {
        var open = Compile("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""");
        Assert.True(Complete(open, """{"a":1,"z":[1,{"q":null}]}"""));
        Assert.False(Prefix(open, """{"a":1,"a":"""));
        var typed = Compile("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":{"type":"boolean"}}""");
        Assert.True(Complete(typed, """{"a":1,"ab":true}"""));
        Assert.False(Prefix(typed, """{"a":1,"ab":1"""));
        var strictOff = Compile("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""", new GrammarOptions { AllowExtraPropertiesWhenUnspecified = false });
        Assert.False(Prefix(strictOff, """{"a":1,"""));
    }

    [Fact]
    public void WhitespaceIsAllowedButBounded()
    {
        var g = Compile(TwoProps);
        Assert.True(Complete(g, "{\n  \"a\": 1,\n  \"b\": \"x\"\n}"));
        Assert.True(Prefix(g, "{" + new string(' ', 24)));
        Assert.False(Prefix(g, "{" + new string(' ', 25)));
        Assert.False(Prefix(g, " {"));
        Assert.False(Prefix(g, """{"a" :"""));
        var compact = Compile(TwoProps, new GrammarOptions { MaxWhitespace = 0 });
        Assert.True(Complete(compact, """{"a":1,"b":"x"}"""));
        Assert.False(Prefix(compact, "{ "));
    }

    [Fact]
    public void IntegerBoundsAreExact()
    {
        var g = Compile("""{"type":"object","properties":{"n":{"type":"integer","minimum":-15,"maximum":120}},"required":["n"],"additionalProperties":false}""");
        foreach (var ok in new[] { -15, -9, -1, 0, 7, 19, 99, 100, 120 })
            Assert.True(Complete(g, $$"""{"n":{{ok}}}"""), ok.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var bad in new[] { "-16", "121", "007", "-0", "1.0", "1e2", "200" })
            Assert.False(Complete(g, $$"""{"n":{{bad}}}"""), bad);
        var ex = Compile("""{"type":"object","properties":{"n":{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10}},"required":["n"],"additionalProperties":false}""");
        Assert.False(Complete(ex, """{"n":0}"""));
        Assert.True(Complete(ex, """{"n":1}"""));
        Assert.True(Complete(ex, """{"n":9}"""));
        Assert.False(Complete(ex, """{"n":10}"""));
    }

    [Fact]
    public void NumberBoundsHoldForEveryAcceptedValue()
    {
        var g = Compile("""{"type":"object","properties":{"x":{"type":"number","minimum":-2.5,"maximum":60}},"required":["x"],"additionalProperties":false}""");
        foreach (var ok in new[] { "60", "59.99", "0.5", "-1.75", "-2", "0" })
            Assert.True(Complete(g, $$"""{"x":{{ok}}}"""), ok);
        foreach (var bad in new[] { "60.5", "61", "-3", "-2.6", "1e1" })
            Assert.False(Complete(g, $$"""{"x":{{bad}}}"""), bad);
        var free = Compile("""{"type":"object","properties":{"x":{"type":"number"}},"required":["x"],"additionalProperties":false}""");
        foreach (var ok in new[] { "-0.5e-3", "12", "1E+99", "0.25" })
            Assert.True(Complete(free, $$"""{"x":{{ok}}}"""), ok);
        foreach (var bad in new[] { "01", ".5", "1.", "+1", "1e", "NaN" })
            Assert.False(Complete(free, $$"""{"x":{{bad}}}"""), bad);
    }

    [Fact]
    public void StringsEscapeAndUtf8Rules()
    {
        var g = Compile("""{"type":"object","properties":{"s":{"type":"string"}},"required":["s"],"additionalProperties":false}""");
        Assert.True(Complete(g, """{"s":"a\"b\\c\/\n\u00e9\uFFFF é 😀"}"""));
        Assert.False(Prefix(g, "{\"s\":\"a\nb"));
        Assert.False(Prefix(g, """{"s":"\x"""));
        Assert.False(Prefix(g, """{"s":"\uD800"""));
        Assert.False(Prefix(g, [.. "{\"s\":\""u8, 0xC0, 0x80]));
        Assert.False(Prefix(g, [.. "{\"s\":\""u8, 0xED, 0xA0, 0x80]));
        Assert.False(Prefix(g, [.. "{\"s\":\""u8, 0xF5]));
    }

    [Fact]
    public void StringLengthsCountCharacters()
    {
        var g = Compile("""{"type":"object","properties":{"s":{"type":"string","minLength":2,"maxLength":3}},"required":["s"],"additionalProperties":false}""");
        Assert.False(Complete(g, """{"s":"a"}"""));
        Assert.True(Complete(g, """{"s":"ab"}"""));
        Assert.True(Complete(g, """{"s":"é\n東"}"""));
        Assert.False(Complete(g, """{"s":"abcd"}"""));
    }

    [Fact]
    public void PatternsAndFormatsAreEnforced()
    {
        var g = Compile("""{"type":"object","properties":{"p":{"type":"string","pattern":"^[A-Z]{2}-\\d+$"},"d":{"type":"string","format":"date"},"u":{"type":"string","format":"uuid"}},"required":["p","d","u"],"additionalProperties":false}""");
        Assert.True(Complete(g, """{"p":"AB-12","d":"2024-02-28","u":"123e4567-e89b-12d3-a456-426614174000"}"""));
        Assert.False(Prefix(g, """{"p":"ABC"""));
        Assert.False(Complete(g, """{"p":"AB-12","d":"2024-02-30","u":"123e4567-e89b-12d3-a456-426614174000"}"""));
        var search = Compile("""{"type":"object","properties":{"p":{"type":"string","pattern":"cat"}},"required":["p"],"additionalProperties":false}""");
        Assert.True(Complete(search, """{"p":"concatenate"}"""));
        Assert.False(Complete(search, """{"p":"dog"}"""));
    }

    [Theory]
    [InlineData("(?=a)")]
    [InlineData("(a)\\1")]
    [InlineData("\\bword")]
    [InlineData("\\p{L}+")]
    [InlineData("a{2000}")]
    [InlineData("^a$b")]
    [InlineData("(ab")]
    public void UnsupportedPatternsNameTheirLocation(string pattern)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(pattern);
        var schema = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":" + quoted + "}},\"required\":[\"x\"]}";
        var e = Assert.Throws<SchemaCompileException>(() => Compile(schema));
        Assert.Equal("#/properties/x/pattern", e.JsonPointer);
    }

    [Fact]
    public void EnumConstAndUnions()
    {
        var g = Compile("""{"type":"object","properties":{"e":{"enum":["x",2,null,{"k":[1]}]},"c":{"const":"fixed"},"u":{"type":["integer","null"]},"a":{"anyOf":[{"type":"boolean"},{"type":"array","items":{"type":"integer"},"maxItems":2}]}},"required":["e","c","u","a"],"additionalProperties":false}""");
        Assert.True(Complete(g, """{"e":{"k":[1]},"c":"fixed","u":null,"a":[1,2]}"""));
        Assert.True(Complete(g, """{"e":2,"c":"fixed","u":5,"a":true}"""));
        Assert.False(Prefix(g, """{"e":3"""));
        Assert.False(Prefix(g, """{"e":"x","c":"fix","""));
        Assert.False(Complete(g, """{"e":"x","c":"fixed","u":null,"a":[1,2,3]}"""));
    }

    [Fact]
    public void ArrayCounts()
    {
        var g = Compile("""{"type":"object","properties":{"a":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":3}},"required":["a"],"additionalProperties":false}""");
        Assert.False(Complete(g, """{"a":[]}"""));
        Assert.False(Complete(g, """{"a":[1]}"""));
        Assert.True(Complete(g, """{"a":[1, 2]}"""));
        Assert.True(Complete(g, """{"a":[1,2,3]}"""));
        Assert.False(Prefix(g, """{"a":[1,2,3,"""));
    }

    [Fact]
    public void RecursiveRefsNest()
    {
        var g = Compile(HandWrittenSchemas.All.Single(s => s.Name == "tree").Json);
        Assert.True(Complete(g, """{"value":1,"children":[{"value":2,"children":[{"value":3,"children":[]}]},{"value":4,"children":[]}]}"""));
        Assert.False(Complete(g, """{"value":1,"children":[{"value":2}]}"""));
    }

    [Fact]
    public void EndOfGenerationAndSpecialTokens()
    {
        var g = Compile(TwoProps);
        var matcher = g.CreateMatcher(TestVocabulary.Vocabulary);
        var mask = new ulong[TestVocabulary.Vocabulary.MaskLength];
        bool Allowed(int id) => (mask[id >> 6] >> (id & 63) & 1) != 0;
        matcher.FillMask(mask);
        Assert.False(Allowed(TestVocabulary.EndOfText));
        Assert.False(Allowed(TestVocabulary.SpecialToken));
        Assert.False(matcher.Accept(TestVocabulary.EndOfText));
        Assert.True(matcher.AcceptBytes("""{"a":1,"b":"x"}"""u8));
        Assert.True(matcher.IsComplete);
        matcher.FillMask(mask);
        Assert.True(Allowed(TestVocabulary.EndOfText));
        Assert.Equal(1, mask.Sum(w => System.Numerics.BitOperations.PopCount(w)));
        Assert.False(matcher.Accept(TestVocabulary.SpecialToken));
        Assert.True(matcher.Accept(TestVocabulary.EndOfText));
        matcher.FillMask(mask);
        Assert.All(mask, w => Assert.Equal(0UL, w));
    }

    [Fact]
    public void RollbackCloneAndReset()
    {
        var g = Compile(TwoProps);
        var matcher = g.CreateMatcher(TestVocabulary.Vocabulary);
        Assert.True(matcher.AcceptBytes("{\"a\":"u8));
        Assert.True(matcher.AcceptBytes("12"u8));
        var clone = matcher.Clone();
        Assert.True(matcher.AcceptBytes(",\"b\":\"q\"}"u8));
        Assert.True(matcher.IsComplete);
        matcher.Rollback(1);
        Assert.False(matcher.IsComplete);
        Assert.True(matcher.AcceptBytes("3,\"b\":\"\"}"u8));
        Assert.True(matcher.CanTerminate);
        Assert.True(clone.AcceptBytes(",\"b\":\"z\"}"u8));
        Assert.True(clone.CanTerminate);
        matcher.Reset();
        Assert.Equal(0, matcher.AcceptedTokenCount);
        Assert.False(matcher.AcceptBytes("}"u8));
        Assert.True(matcher.AcceptBytes("{"u8));
    }

    [Fact]
    public void JsonObjectModeAcceptsAnyObjectOnly()
    {
        var g = JsonSchemaGrammar.JsonObject();
        Assert.True(Complete(g, """{"a":[1,{"b":null}],"c":"d","a":-1.5e3}"""));
        Assert.True(Complete(g, "{}"));
        Assert.False(Prefix(g, "["));
        Assert.False(Prefix(g, "\"x\""));
    }

    [Fact]
    public void CompiledGrammarsAreCachedBySchemaText()
    {
        var a = JsonSchemaGrammar.Compile(TwoProps);
        var b = JsonSchemaGrammar.Compile(TwoProps);
        Assert.Same(a, b);
        var c = JsonSchemaGrammar.Compile(TwoProps, new GrammarOptions { MaxWhitespace = 0 });
        Assert.NotSame(a, c);
    }

    [Fact]
    public void MasksAfterRollbackAndCloneMatchAFreshRun()
    {
        var g = JsonSchemaGrammar.Compile(HandWrittenSchemas.All.Single(s => s.Name == "invoice").Json);
        var vocabulary = TestVocabulary.Vocabulary;
        var tokens = new List<int>();
        var matcher = g.CreateMatcher(vocabulary);
        var model = new RandomModel(new Random(3), vocabulary, TestVocabulary.Tokens);
        var masks = new List<ulong[]>();
        var result = model.Generate(matcher, 120, (m, mask, _) => masks.Add((ulong[])mask.Clone()));
        Assert.Null(result.Failure);
        // Replay: roll the matcher back step by step; each mask must equal the one recorded at that step.
        var steps = matcher.AcceptedTokenCount;
        var buffer = new ulong[vocabulary.MaskLength];
        for (var back = 1; back <= Math.Min(steps, 40); back++)
        {
            var clone = matcher.Clone();
            matcher.Rollback(1);
            matcher.FillMask(buffer);
            Assert.Equal(masks[steps - back], buffer);
            Assert.True(clone.AcceptedTokenCount == 0);
        }
    }
}
