using System.Text;
using System.Text.Json;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// Any string JSON allows — control characters, NUL, escaped or raw non-ASCII, noncharacters, and unpaired surrogate
/// escapes — in any string field of a chat request is either answered or refused with a 400 envelope naming the field;
/// never a 500. Seeded, so a failure reproduces.
/// </summary>
public sealed class JsonStringFuzzTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    /// <summary>Pieces of JSON string text (as written inside the quotes), each something a parser must take.</summary>
    private static readonly string[] Pieces =
    [
        "a", " ", "Zürich", "日本", "😀", "\\u0000", "\\u0001", "\\u001f", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ufeff",
        "\\ufffe", "\\uffff", "\\ud83d\\ude00", "\\u2028", "<|im_end|>", "<think>", "{{", "%", "\\ud800", "\\udfff", "\\udbff\\u0041",
    ];

    [Fact]
    public async Task NulAndLoneSurrogatesFromTheIssueAre400NamingTheField()
    {
        var e = await Envelope(await server.Http.PostAsync("/v1/chat/completions",
            Json("""{"model":"o3-mini","messages":[{"role":"user","content":"\u0000\ud800 \udfff"}],"max_completion_tokens":2}""")), 400);
        Assert.Equal(("messages[0].content", "invalid_value"), (e.Param, e.Code));
        Assert.Contains("\\ud800", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NulAndControlCharactersAreAnswered()
    {
        var response = await server.Http.PostAsync("/v1/chat/completions",
            Json("""{"model":"o3-mini","messages":[{"role":"user","content":"a\u0000b\u0001\u001f \ud83d\ude00"}],"max_completion_tokens":2}"""));
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task EveryStringFieldTakesAnyJsonStringOrNamesItIn400()
    {
        var random = new Random(20261207);
        var failures = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            var (field, body) = Place(random.Next(Places), text);
            using var response = await server.Http.PostAsync("/v1/chat/completions", Json(body));
            var status = (int)response.StatusCode;
            var answer = await response.Content.ReadAsStringAsync();
            var unpaired = HasUnpairedSurrogate(text);
            if (status >= 500 || (status != 200 && !IsEnvelope(answer)))
            {
                failures.Add($"{field} = \"{text}\": {status} {answer}");
            }
            else if (unpaired && (status != 400 || Param(answer) != field))
            {
                failures.Add($"{field} = \"{text}\": expected 400 naming {field}, got {status} {answer}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private const int Places = 9;

    /// <summary>A chat request with <paramref name="text"/> (JSON string text) in one of its string fields; the field's param path.</summary>
    private static (string Field, string Body) Place(int place, string text)
    {
        var s = $"\"{text}\"";
        const string user = """{"role":"user","content":"hi"}""";
        return place switch
        {
            0 => ("messages[0].content", $$"""{"model":"o3-mini","messages":[{"role":"user","content":{{s}}}],"max_completion_tokens":2}"""),
            1 => ("messages[0].name", $$"""{"model":"o3-mini","messages":[{"role":"user","content":"hi","name":{{s}}}],"max_completion_tokens":2}"""),
            2 => ("messages[0].content", $$"""{"model":"o3-mini","messages":[{"role":"developer","content":{{s}}},{{user}}],"max_completion_tokens":2}"""),
            3 => ("messages[0].content[0].text", $$"""{"model":"o3-mini","messages":[{"role":"user","content":[{"type":"text","text":{{s}}}]}],"max_completion_tokens":2}"""),
            4 => ("model", $$"""{"model":{{s}},"messages":[{{user}}],"max_completion_tokens":2}"""),
            5 => ("stop[0]", $$"""{"model":"o3-mini","messages":[{{user}}],"stop":[{{s}}],"max_completion_tokens":2}"""),
            6 => ("user", $$"""{"model":"o3-mini","messages":[{{user}}],"user":{{s}},"max_completion_tokens":2}"""),
            7 => ("metadata.k", $$"""{"model":"o3-mini","messages":[{{user}}],"metadata":{"k":{{s}}},"max_completion_tokens":2}"""),
            _ => ("tools[0].function.description", $$"""{"model":"o3-mini","messages":[{{user}}],"tools":[{"type":"function","function":{"name":"f","description":{{s}},"parameters":{"type":"object"}""" + "}}],\"max_completion_tokens\":2}"),
        };
    }

    /// <summary>What .NET's own reader says: a string with half a surrogate pair cannot be read as a string.</summary>
    private static bool HasUnpairedSurrogate(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"\"{text}\""));
        reader.Read();
        try
        {
            reader.GetString();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string? Param(string envelope) =>
        JsonDocument.Parse(envelope).RootElement.GetProperty("error").GetProperty("param") is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;

    private static bool IsEnvelope(string text)
    {
        try
        {
            var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
            return error.GetProperty("message").ValueKind == JsonValueKind.String && error.TryGetProperty("type", out _)
                && error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
