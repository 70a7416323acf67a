using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

public sealed class StrictSchemaValidatorTests
{
    private const string Valid = """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":["integer","null"]},
         "tags":{"type":"array","items":{"type":"string","enum":["a","b"]}},
         "child":{"$ref":"#/$defs/node"}},
         "required":["name","age","tags","child"],"additionalProperties":false,
         "$defs":{"node":{"type":"object","properties":{"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"required":["next"],"additionalProperties":false}}}
        """;

    private static IReadOnlyList<SchemaIssue> Check(string json, StrictSchemaLimits? limits = null) => StrictSchemaValidator.Validate(json, limits);

    private static void AssertIssue(string json, string pointer, string fragment, StrictSchemaLimits? limits = null)
    {
        var issues = Check(json, limits);
        Assert.True(issues.Any(i => i.JsonPointer == pointer && i.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected issue at {pointer} containing '{fragment}', got: {string.Join("; ", issues)}");
    }

    [Fact]
    public void ValidStrictSchemaHasNoIssues() => Assert.Empty(Check(Valid));

    [Fact]
    public void ValidSchemasFromTheCorpusThatAreStrictPass()
    {
        foreach (var name in new[] { "weather", "search-results", "tree", "expression-tree", "math-reasoning", "shape-union", "matrix" })
            Assert.Empty(Check(HandWrittenSchemas.All.Single(s => s.Name == name).Json));
    }

    [Fact]
    public void RootMustBeAnObject() => AssertIssue("""{"type":"string"}""", "#", "root schema must have type \"object\"");

    [Fact]
    public void RootMustNotBeAnyOf() =>
        AssertIssue("""{"anyOf":[{"type":"object","properties":{},"additionalProperties":false}]}""", "#", "must not be anyOf");

    [Fact]
    public void ObjectsNeedAdditionalPropertiesFalse()
    {
        AssertIssue("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}""", "#", "additionalProperties must be set to false");
        AssertIssue("""{"type":"object","properties":{"a":{"type":"object","properties":{},"additionalProperties":true}},"required":["a"],"additionalProperties":false}""",
            "#/properties/a/additionalProperties", "must be false");
    }

    [Fact]
    public void AllPropertiesMustBeRequired() =>
        AssertIssue("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"additionalProperties":false}""",
            "#/required", "'b' must be listed in required");

    [Fact]
    public void RequiredNamesMustExist() =>
        AssertIssue("""{"type":"object","properties":{},"required":["ghost"],"additionalProperties":false}""", "#/required", "'ghost'");

    [Theory]
    [InlineData("allOf")]
    [InlineData("not")]
    [InlineData("if")]
    [InlineData("dependentRequired")]
    [InlineData("patternProperties")]
    [InlineData("uniqueItems")]
    [InlineData("default")]
    [InlineData("minLength")]
    public void UnsupportedKeywordsAreNamed(string keyword) =>
        AssertIssue($$$"""{"type":"object","properties":{"a":{"type":"string","{{{keyword}}}":1}},"required":["a"],"additionalProperties":false}""",
            $"#/properties/a/{keyword}", $"'{keyword}' is not permitted");

    [Fact]
    public void UnsupportedTypesAndFormatsAreNamed()
    {
        AssertIssue("""{"type":"object","properties":{"a":{"type":"date"}},"required":["a"],"additionalProperties":false}""", "#/properties/a/type", "type 'date'");
        AssertIssue("""{"type":"object","properties":{"a":{"type":"string","format":"credit-card"}},"required":["a"],"additionalProperties":false}""", "#/properties/a/format", "not supported");
    }

    [Fact]
    public void LaunchLimitsRejectPatternAndBounds()
    {
        var schema = """{"type":"object","properties":{"a":{"type":"string","pattern":"^x$"},"n":{"type":"integer","minimum":1}},"required":["a","n"],"additionalProperties":false}""";
        Assert.Empty(Check(schema));
        AssertIssue(schema, "#/properties/a/pattern", "not permitted", StrictSchemaLimits.AtLaunch);
        AssertIssue(schema, "#/properties/n/minimum", "not permitted", StrictSchemaLimits.AtLaunch);
    }

    [Fact]
    public void NestingDepthIsLimited()
    {
        var inner = """{"type":"string"}""";
        for (var i = 0; i < 11; i++)
            inner = $$$"""{"type":"object","properties":{"x":{{{inner}}}},"required":["x"],"additionalProperties":false}""";
        var issues = Check(inner);
        Assert.Contains(issues, i => i.Message.Contains("nesting depth exceeds 10", StringComparison.Ordinal));
        // Ten levels are fine.
        inner = """{"type":"string"}""";
        for (var i = 0; i < 10; i++)
            inner = $$$"""{"type":"object","properties":{"x":{{{inner}}}},"required":["x"],"additionalProperties":false}""";
        Assert.Empty(Check(inner));
    }

    [Fact]
    public void PropertyCountIsLimited()
    {
        var props = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"p{i}\":{{\"type\":\"integer\"}}"));
        var required = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"p{i}\""));
        var schema = $$$"""{"type":"object","properties":{{{{props}}}},"required":[{{{required}}}],"additionalProperties":false}""";
        Assert.Empty(Check(schema));
        AssertIssue(schema, "#", "at most 100", StrictSchemaLimits.AtLaunch);
    }

    [Fact]
    public void EnumCountsAndSizesAreLimited()
    {
        var many = string.Join(",", Enumerable.Range(0, 1001).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        AssertIssue($$$"""{"type":"object","properties":{"a":{"enum":[{{{many}}}]}},"required":["a"],"additionalProperties":false}""", "#", "1001 enum values");
        var longStrings = string.Join(",", Enumerable.Range(0, 251).Select(i => $"\"{new string('x', 60)}{i}\""));
        AssertIssue($$$"""{"type":"object","properties":{"a":{"type":"string","enum":[{{{longStrings}}}]}},"required":["a"],"additionalProperties":false}""", "#/properties/a/enum", "more than 250 values");
    }

    [Fact]
    public void TotalCharactersAreLimited()
    {
        var props = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"{new string('n', 400)}{i}\":{{\"type\":\"integer\"}}"));
        var required = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"{new string('n', 400)}{i}\""));
        AssertIssue($$$"""{"type":"object","properties":{{{{props}}}},"required":[{{{required}}}],"additionalProperties":false}""", "#", "at most 15000", StrictSchemaLimits.AtLaunch);
    }

    [Fact]
    public void ReferencesMustBeLocalAndResolve()
    {
        AssertIssue("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}},"required":["a"],"additionalProperties":false}""", "#/properties/a/$ref", "does not resolve");
        AssertIssue("""{"type":"object","properties":{"a":{"$ref":"http://x/y.json"}},"required":["a"],"additionalProperties":false}""", "#/properties/a/$ref", "only local");
    }

    [Fact]
    public void AnyOfBranchesAreChecked() =>
        AssertIssue("""{"type":"object","properties":{"a":{"anyOf":[{"type":"object","properties":{"x":{"type":"string"}},"required":[]}, {"type":"null"}]}},"required":["a"],"additionalProperties":false}""",
            "#/properties/a/anyOf/0/required", "'x' must be listed");

    [Fact]
    public void InvalidJsonIsOneIssueAtTheRoot()
    {
        var issues = Check("{\"type\":");
        Assert.Single(issues);
        Assert.Equal("#", issues[0].JsonPointer);
    }

    [Fact]
    public void SchemasMustHaveAType() =>
        AssertIssue("""{"type":"object","properties":{"a":{"description":"x"}},"required":["a"],"additionalProperties":false}""", "#/properties/a", "must have a type");
}
