using System.Text;
using System.Text.Json.Nodes;
using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// Hostile and malformed schemas: the compiler either compiles them or throws <see cref="SchemaCompileException"/>
/// naming the JSON pointer of the problem, never another exception, a hang or unbounded work (caps on
/// states, depth, pattern size and enum values keep every case small).
/// </summary>
public sealed class SchemaCompilerFuzzTests
{
    private static SchemaCompileException Rejects(string schema, string pointer)
    {
        var e = Assert.Throws<SchemaCompileException>(() => JsonSchemaGrammar.CompileUncached(schema));
        Assert.Equal(pointer, e.JsonPointer);
        return e;
    }

    private static string Nest(int depth)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < depth; i++)
            sb.Append("""{"type":"object","properties":{"a":""");
        sb.Append("""{"type":"string"}""");
        for (var i = 0; i < depth; i++)
            sb.Append("}}");
        return sb.ToString();
    }

    [Fact]
    public void DeepNestingIsCapped() => Rejects(Nest(400), "#");

    [Fact]
    public void NestingPastTheSchemaDepthCapNamesThePlace()
    {
        var e = Assert.Throws<SchemaCompileException>(() => JsonSchemaGrammar.CompileUncached(Nest(22), new GrammarOptions { MaxSchemaDepth = 20 }));
        Assert.StartsWith("#/properties/a/properties/a", e.JsonPointer, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeEnumsAreCapped()
    {
        var values = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"v{i}\""));
        Rejects("{\"type\":\"object\",\"properties\":{\"e\":{\"enum\":[" + values + "]}}}", "#/properties/e/enum");
    }

    [Fact]
    public void RecursionWithoutABaseCaseAdmitsNoValue() =>
        Assert.Contains("no finite JSON value", Rejects("""{"type":"object","properties":{"next":{"$ref":"#"}},"required":["next"]}""", "#").Reason, StringComparison.Ordinal);

    [Fact]
    public void RefCyclesAndLeftRecursionAreRejected()
    {
        var cycle = Assert.Throws<SchemaCompileException>(() => JsonSchemaGrammar.CompileUncached("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"""));
        Assert.StartsWith("#/$defs/", cycle.JsonPointer, StringComparison.Ordinal);
        Assert.Throws<SchemaCompileException>(() => JsonSchemaGrammar.CompileUncached("""{"anyOf":[{"$ref":"#"},{"type":"null"}]}"""));
        Rejects("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}""", "#/properties/a/$ref");
        Rejects("""{"type":"object","properties":{"a":{"$ref":"http://example.com/s.json"}}}""", "#/properties/a/$ref");
    }

    [Theory]
    [InlineData("""{"type":"strng"}""", "#/type")]
    [InlineData("""{"type":5}""", "#/type")]
    [InlineData("""{"type":"object","properties":[1,2]}""", "#/properties")]
    [InlineData("""{"type":"object","required":"a"}""", "#/required")]
    [InlineData("""{"type":"string","minLength":"5"}""", "#/minLength")]
    [InlineData("""{"type":"string","maxLength":-1}""", "#/maxLength")]
    [InlineData("""{"type":"array","items":5}""", "#/items")]
    [InlineData("""{"type":"array","minItems":1.5}""", "#/minItems")]
    [InlineData("""{"type":"integer","minimum":"x"}""", "#/minimum")]
    [InlineData("""{"type":"string","pattern":5}""", "#/pattern")]
    [InlineData("""{"enum":5}""", "#/enum")]
    [InlineData("""{"anyOf":[]}""", "#/anyOf")]
    [InlineData("""{"type":"object","properties":{"x":{"$ref":5}}}""", "#/properties/x/$ref")]
    [InlineData("""{"type":"object","properties":{"x":7}}""", "#/properties/x")]
    [InlineData("""{"type":"object","additionalProperties":"no"}""", "#/additionalProperties")]
    [InlineData("""{"type":"object","properties":{"x":{"not":{}}}}""", "#/properties/x/not")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"array","uniqueItems":true}}}""", "#/properties/x/uniqueItems")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"string","format":"ipv6"}}}""", "#/properties/x/format")]
    [InlineData("""{"type":"array","minItems":100000}""", "#/minItems")]
    [InlineData("""{"type":"string","pattern":"^a$","minLength":2}""", "#")]
    [InlineData("""[1,2,3]""", "#")]
    [InlineData("""{"type":""", "#")]
    [InlineData("""{"enum":[]}""", "#")]
    [InlineData("""false""", "#")]
    public void WrongKeywordValuesNameTheirPointer(string schema, string pointer) => Rejects(schema, pointer);

    [Fact]
    public void GiantPatternsAreCapped()
    {
        Rejects($$$"""{"type":"string","pattern":"{{{new string('a', 5000)}}}"}""", "#/pattern");
        // Nested counted repetition multiplies states: the state cap stops it.
        var e = Assert.Throws<SchemaCompileException>(() => JsonSchemaGrammar.CompileUncached("""{"type":"string","pattern":"^(((a|b){60}){60}){60}$"}"""));
        Assert.Contains("automaton states", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeUpperBoundsAreLoweredNotUnrolled()
    {
        var g = JsonSchemaGrammar.CompileUncached("""{"type":"object","properties":{"s":{"type":"string","maxLength":1000000000},"a":{"type":"array","maxItems":1000000000}},"required":["s","a"],"additionalProperties":false}""");
        Assert.True(g.StateCount < 100_000);
    }

    [Fact]
    public void RandomMutationsCompileOrThrowTypedErrors()
    {
        var rng = new Random(2024);
        var generator = new SchemaGenerator(99);
        JsonNode?[] junk = [JsonValue.Create(-1), JsonValue.Create("x"), JsonValue.Create(true), null, new JsonArray(), new JsonObject(), JsonValue.Create(1e300), new JsonArray(1, "a")];
        string[] keywords = ["type", "properties", "required", "items", "enum", "const", "anyOf", "$ref", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "minItems", "maxItems", "additionalProperties", "allOf", "oneOf", "$defs"];
        int compiled = 0, rejected = 0;
        for (var i = 0; i < 250; i++)
        {
            var root = JsonNode.Parse(generator.Next())!.AsObject();
            var objects = new List<JsonObject>();
            Collect(root, objects);
            for (var m = 0; m < 3; m++)
            {
                var target = objects[rng.Next(objects.Count)];
                var keyword = keywords[rng.Next(keywords.Length)];
                target[keyword] = junk[rng.Next(junk.Length)]?.DeepClone();
            }
            var text = root.ToJsonString();
            try
            {
                var grammar = JsonSchemaGrammar.CompileUncached(text);
                compiled++;
                var model = new RandomModel(new Random(i), TestVocabulary.Vocabulary, TestVocabulary.Tokens);
                var result = model.Generate(grammar.CreateMatcher(TestVocabulary.Vocabulary), 60);
                Assert.Null(result.Failure);
            }
            catch (SchemaCompileException e)
            {
                rejected++;
                Assert.StartsWith("#", e.JsonPointer, StringComparison.Ordinal);
            }
        }
        Assert.True(compiled > 0 && rejected > 0, $"compiled {compiled}, rejected {rejected}");
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects)
    {
        if (node is JsonObject obj)
        {
            objects.Add(obj);
            foreach (var (_, child) in obj)
                Collect(child, objects);
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
                Collect(child, objects);
        }
    }
}
