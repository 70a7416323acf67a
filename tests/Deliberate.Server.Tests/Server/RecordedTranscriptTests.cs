using System.Text;
using System.Text.RegularExpressions;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// Byte-for-byte wire transcripts (request, status, content type, body) compared against the files in
/// Fixtures/transcripts. Only the fields that change on every call are redacted (ids, timestamps), so any change
/// to framing, key order, escaping, usage or the generated tokens shows up as a diff. Every request is
/// deterministic: greedy sampling, or a seed on the o3-mini alias (which samples at temperature 1).
/// After an intended change, regenerate with <c>UPDATE_TRANSCRIPTS=1 dotnet test --filter RecordedTranscriptTests</c>
/// and review the diff.
/// </summary>
public sealed partial class RecordedTranscriptTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string TranscriptDirectory = Path.Combine(RepositoryPaths.Root, "tests", "Deliberate.Server.Tests", "Fixtures", "transcripts");

    private static readonly Dictionary<string, (string Method, string Path, string? Body)> Requests = new(StringComparer.Ordinal)
    {
        ["chat-greedy"] = ("POST", "/v1/chat/completions",
            """{"model":"tiny-open","messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"What is 2+2?"}],"temperature":0,"max_completion_tokens":8}"""),
        ["chat-greedy-n2"] = ("POST", "/v1/chat/completions",
            """{"model":"tiny-open","messages":[{"role":"user","content":"Name a colour."}],"temperature":0,"n":2,"max_completion_tokens":5}"""),
        ["stream-greedy-usage"] = ("POST", "/v1/chat/completions",
            """{"model":"tiny-open","messages":[{"role":"user","content":"Say hello."}],"temperature":0,"stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":8}"""),
        ["stream-o3-mini-seeded"] = ("POST", "/v1/chat/completions",
            """{"model":"o3-mini","messages":[{"role":"user","content":"Say hello."}],"seed":5,"stream":true,"reasoning_effort":"low","max_completion_tokens":6}"""),
        // Records today's budget bug (reasoning never closes; see NodeClientTests.OpenAINpmClientReasoningBudgets): regenerate once fixed.
        ["stream-reasoning"] = ("POST", "/v1/chat/completions",
            """{"model":"tiny-thinking","messages":[{"role":"user","content":"Think, then answer."}],"temperature":0,"include_reasoning":true,"reasoning_effort":"low","stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":8}"""),
        ["error-unsupported-parameter"] = ("POST", "/v1/chat/completions",
            """{"model":"o3-mini","messages":[{"role":"user","content":"hi"}],"temperature":0.2}"""),
        ["error-unknown-model"] = ("POST", "/v1/chat/completions",
            """{"model":"gpt-nothing","messages":[{"role":"user","content":"hi"}],"stream":true}"""),
        ["models"] = ("GET", "/v1/models", null),
        ["moderations"] = ("POST", "/v1/moderations",
            """{"input":["I'm going to kill you.","What is 17 times 23?"],"model":"omni-moderation-latest"}"""),
    };

    public static TheoryData<string> Names() => [.. Requests.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task WireMatchesTheRecordedTranscript(string name)
    {
        var actual = await RecordAsync(Requests[name]);
        var path = Path.Combine(TranscriptDirectory, name + ".txt");
        if (Environment.GetEnvironmentVariable("UPDATE_TRANSCRIPTS") == "1")
        {
            Directory.CreateDirectory(TranscriptDirectory);
            await File.WriteAllTextAsync(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no transcript {path}: record it with UPDATE_TRANSCRIPTS=1");
        Assert.Equal(await File.ReadAllTextAsync(path), actual);
    }

    private async Task<string> RecordAsync((string Method, string Path, string? Body) request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = ErrorAssert.Json(request.Body);
        }

        using var response = await server.Http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        var transcript = new StringBuilder()
            .Append(request.Method).Append(' ').Append(request.Path).Append('\n')
            .Append(request.Body is null ? "" : request.Body + "\n")
            .Append('\n')
            .Append("HTTP ").Append((int)response.StatusCode).Append(' ').Append(response.Content.Headers.ContentType?.MediaType).Append('\n')
            .Append(body);
        return Redact(transcript.ToString());
    }

    /// <summary>Replaces what differs on every call; everything else must match to the byte.</summary>
    /// <summary>Ids, timestamps and cached_tokens (which depends on what the server served before) vary run to run.</summary>
    private static string Redact(string text) =>
        CachedTokens().Replace(Created().Replace(ModerationId().Replace(CompletionId().Replace(text, "\"id\":\"chatcmpl-<id>\""), "\"id\":\"modr-<id>\""), "\"created\":<time>"), "\"cached_tokens\":<cached>");

    [GeneratedRegex("\"cached_tokens\":[0-9]+")]
    private static partial Regex CachedTokens();

    [GeneratedRegex("\"id\":\"chatcmpl-[0-9a-f]+\"")]
    private static partial Regex CompletionId();

    [GeneratedRegex("\"id\":\"modr-[0-9a-f]+\"")]
    private static partial Regex ModerationId();

    [GeneratedRegex("\"created\":[0-9]+")]
    private static partial Regex Created();
}
