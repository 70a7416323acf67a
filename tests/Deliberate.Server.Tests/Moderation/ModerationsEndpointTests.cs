using System.Text.Json;
using Deliberate.Engine.Moderation;
using Deliberate.Server.Tests.Server;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Moderation;

/// <summary>
/// <c>POST /v1/moderations</c> on the wire: OpenAI's response shape with every category key, one result per input
/// string and one for an array of content parts, the moderation names in <c>/v1/models</c>, and a 400 envelope naming
/// the field for each bad input (an unpaired surrogate escape included).
/// </summary>
public sealed class ModerationsEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AnswersInOpenAIsShapeWithEveryCategoryKey()
    {
        using var doc = await Moderate("""{"input":["I'm going to kill you.","What is 17 times 23?"],"model":"omni-moderation-latest"}""");
        var root = doc.RootElement;
        Assert.StartsWith("modr-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("omni-moderation-latest", root.GetProperty("model").GetString());
        var results = root.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        foreach (var result in results.EnumerateArray())
        {
            foreach (var map in new[] { "categories", "category_scores", "category_applied_input_types" })
            {
                Assert.Equal(ModerationCategories.All, result.GetProperty(map).EnumerateObject().Select(p => p.Name));
            }

            Assert.All(result.GetProperty("category_scores").EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0, 1));
            Assert.All(result.GetProperty("category_applied_input_types").EnumerateObject(), p => Assert.Equal("[\"text\"]", p.Value.GetRawText()));
            var anyCategory = result.GetProperty("categories").EnumerateObject().Any(p => p.Value.GetBoolean());
            Assert.Equal(anyCategory, result.GetProperty("flagged").GetBoolean());
        }

        Assert.True(results[0].GetProperty("flagged").GetBoolean());
        Assert.True(results[0].GetProperty("categories").GetProperty("harassment/threatening").GetBoolean());
        Assert.False(results[1].GetProperty("flagged").GetBoolean());
    }

    [Fact]
    public async Task AnArrayOfTextPartsIsOneInputAndTheModelDefaultsToOurs()
    {
        using var doc = await Moderate("""{"input":[{"type":"text","text":"Hello there."},{"type":"text","text":"How do I build a pipe bomb?"}]}""");
        Assert.Equal("deliberate-moderation", doc.RootElement.GetProperty("model").GetString());
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(1, results.GetArrayLength());
        Assert.True(results[0].GetProperty("categories").GetProperty("illicit/violent").GetBoolean());
    }

    [Fact]
    public async Task ALookAlikeIsNotFlagged()
    {
        using var doc = await Moderate("""{"input":"How do I kill a Python process?"}""");
        Assert.False(doc.RootElement.GetProperty("results")[0].GetProperty("flagged").GetBoolean());
    }

    public static TheoryData<string, string?, string?> BadRequests() => new()
    {
        { """{"model":"omni-moderation-latest"}""", "input", "missing_required_parameter" },
        { """{"input":null}""", "input", "missing_required_parameter" },
        { """{"input":42}""", "input", "invalid_type" },
        { """{"input":{"text":"hi"}}""", "input", "invalid_type" },
        { """{"input":[]}""", "input", "empty_array" },
        { """{"input":["fine",7]}""", "input[1]", "invalid_type" },
        { """{"input":[{"type":"text","text":"a"},"b"]}""", "input[1]", "invalid_type" },
        { """{"input":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}""", "input[0].type", "unsupported_value" },
        { """{"input":[{"type":"audio"}]}""", "input[0].type", "invalid_value" },
        { """{"input":[{"type":"text"}]}""", "input[0].text", "missing_required_parameter" },
        { """{"input":"hi","model":3}""", "model", "invalid_type" },
        { """{"input":"\ud800 hi"}""", "input", "invalid_value" },
        { """{"input":["fine","\udfff"]}""", "input[1]", "invalid_value" },
        { """{"input":[{"type":"text","text":"\ud83d"}]}""", "input[0].text", "invalid_value" },
        { """{"input":"hi","threshold":0.5}""", null, null },
        { "[1,2]", null, null },
        { "{not json", null, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputGetsAnEnvelopeNamingTheField(string body, string? param, string? code)
    {
        using var response = await server.Http.PostAsync("/v1/moderations", Json(body));
        var error = await Envelope(response, 400);
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
        Assert.Equal("invalid_request_error", error.Type);
    }

    [Fact]
    public async Task InputsOverTheCapsAreRefused()
    {
        var tooLong = new string('a', Deliberate.Server.Moderation.ModerationRequestParser.MaxInputCharacters + 1);
        using var one = await server.Http.PostAsync("/v1/moderations", Json($$"""{"input":["ok","{{tooLong}}"]}"""));
        Assert.Equal(("input[1]", "string_above_max_length"), Pick(await Envelope(one, 400)));
        var many = string.Join(",", Enumerable.Repeat("\"x\"", Deliberate.Server.Moderation.ModerationRequestParser.MaxInputs + 1));
        using var count = await server.Http.PostAsync("/v1/moderations", Json($$"""{"input":[{{many}}]}"""));
        Assert.Equal(("input", "array_above_max_length"), Pick(await Envelope(count, 400)));
        var big = string.Join(",", Enumerable.Repeat("\"" + new string('b', 60_000) + "\"", 20));
        using var total = await server.Http.PostAsync("/v1/moderations", Json($$"""{"input":[{{big}}]}"""));
        Assert.Equal(("input", "string_above_max_length"), Pick(await Envelope(total, 400)));
    }

    [Fact]
    public async Task AnUnknownModelIsNotFoundAndTheModerationModelIsNoChatModel()
    {
        using var unknown = await server.Http.PostAsync("/v1/moderations", Json("""{"input":"hi","model":"text-moderation-999"}"""));
        Assert.Equal("model_not_found", (await Envelope(unknown, 404)).Code);
        using var chat = await server.Http.PostAsync("/v1/chat/completions", Json("""{"model":"omni-moderation-latest","messages":[{"role":"user","content":"hi"}]}"""));
        var error = await Envelope(chat, 404);
        Assert.Equal("model", error.Param);
        Assert.Contains("not a chat model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheModelsListNamesTheModerationModelAndItsAliases()
    {
        using var list = JsonDocument.Parse(await server.Http.GetStringAsync("/v1/models"));
        var ids = list.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("deliberate-moderation", ids);
        Assert.Contains("omni-moderation-latest", ids);
        Assert.Contains("o3-mini", ids);
        using var one = JsonDocument.Parse(await server.Http.GetStringAsync("/v1/models/text-moderation-stable"));
        Assert.Equal("model", one.RootElement.GetProperty("object").GetString());
    }

    private async Task<JsonDocument> Moderate(string body)
    {
        using var response = await server.Http.PostAsync("/v1/moderations", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text);
    }

    private static (string?, string?) Pick((string Message, string Type, string? Param, string? Code) error) => (error.Param, error.Code);
}
