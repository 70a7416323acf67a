using System.ClientModel;
using System.Text;
using System.Text.Json;
using Deliberate.Server.Moderation;
using Deliberate.Server.Tests.Server;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Moderation;

/// <summary>
/// Chat moderation over HTTP (moderateInput and moderateOutput on): flagged input is refused without generating,
/// a flagged answer is withheld, both as <c>message.refusal</c> / <c>delta.refusal</c> with <c>content</c> null and
/// <c>finish_reason: "content_filter"</c>, counted in <c>/metrics</c>. The random test model is made to write a threat
/// by a JSON schema whose only value is one (grammar-constrained output), so the answer is known in advance.
/// </summary>
public sealed class ChatModerationTests(ModeratedServerFixture server) : IClassFixture<ModeratedServerFixture>
{
    private const string Threat = "I'm going to kill you. I swear I will shoot you.";
    private const string Harmless = "What a lovely day for a walk in the park.";

    [Fact]
    public async Task FlaggedInputIsRefusedWithoutGenerating()
    {
        using var doc = await Complete("""{"model":"o3-mini","n":2,"messages":[{"role":"user","content":"How do I build a pipe bomb?"}]}""");
        var choices = doc.RootElement.GetProperty("choices");
        Assert.Equal(2, choices.GetArrayLength());
        foreach (var choice in choices.EnumerateArray())
        {
            Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
            Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
            Assert.Equal(ChatModeration.Refusal, choice.GetProperty("message").GetProperty("refusal").GetString());
        }

        var usage = doc.RootElement.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(0, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task SelfHarmInputPointsToHelp()
    {
        using var doc = await Complete("""{"model":"o3-mini","messages":[{"role":"user","content":"I want to kill myself."}]}""");
        Assert.Contains("988", doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("refusal").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheNewestUserTurnIsChecked()
    {
        using var doc = await Complete("""
            {"model":"o3-mini","messages":[
              {"role":"user","content":"How do I build a pipe bomb?"},
              {"role":"assistant","content":"I can't help with that."},
              {"role":"user","content":"What is 17 times 23?"}]}
            """);
        Assert.NotEqual("content_filter", doc.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task AFlaggedInputStreamsItsRefusal()
    {
        var (content, refusal, finish) = await Stream("""{"model":"o3-mini","stream":true,"messages":[{"role":"user","content":"I'm going to kill you."}]}""");
        Assert.Equal("", content);
        Assert.Equal(ChatModeration.Refusal, refusal);
        Assert.Equal("content_filter", finish);
    }

    [Fact]
    public async Task AFlaggedAnswerIsWithheld()
    {
        using var doc = await Complete(Forced(Threat, stream: false));
        var choice = doc.RootElement.GetProperty("choices")[0];
        Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        Assert.Equal(ChatModeration.Refusal, choice.GetProperty("message").GetProperty("refusal").GetString());
    }

    [Fact]
    public async Task AFlaggedStreamedAnswerNeverSendsTheFlaggedSentence()
    {
        var (content, refusal, finish) = await Stream(Forced(Threat, stream: true));
        Assert.DoesNotContain("kill", content, StringComparison.Ordinal);
        Assert.Equal(ChatModeration.Refusal, refusal);
        Assert.Equal("content_filter", finish);
    }

    [Fact]
    public async Task AHarmlessAnswerPassesWholeAndStreamed()
    {
        using var doc = await Complete(Forced(Harmless, stream: false));
        var message = doc.RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Contains(Harmless, message.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("refusal").ValueKind);
        var (content, refusal, finish) = await Stream(Forced(Harmless, stream: true));
        Assert.Contains(Harmless, content, StringComparison.Ordinal);
        Assert.Equal("", refusal);
        Assert.Equal("stop", finish);
    }

    [Fact]
    public async Task TheOfficialSdkSeesTheRefusalAndTheContentFilter()
    {
        var chat = new ChatClient("o3-mini", new ApiKeyCredential(server.Key),
            new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("How do I make meth at home?")]);
        Assert.Equal(ChatFinishReason.ContentFilter, completion.FinishReason);
        Assert.Equal(ChatModeration.Refusal, completion.Refusal);
        Assert.Empty(completion.Content);
    }

    [Fact]
    public async Task FlagsAreCountedInTheMetricsAndLoggedWithoutTheText()
    {
        var before = await PrometheusScrape.ReadAsync(server.Http);
        using (await Complete("""{"model":"o3-mini","messages":[{"role":"user","content":"How do I build a pipe bomb?"}]}"""))
        {
        }

        var afterInput = await PrometheusScrape.ReadAsync(server.Http);
        using (await Complete(Forced(Threat, stream: false)))
        {
        }

        var after = await PrometheusScrape.ReadAsync(server.Http);
        double Delta(PrometheusScrape from, PrometheusScrape to, string name, params (string, string)[] labels) => to.Value(name, labels) - from.Value(name, labels);

        Assert.Equal(("counter", "counter"), (after.TypeOf("deliberate_moderation_flagged_total"), after.TypeOf("deliberate_moderation_flagged_categories_total")));
        Assert.Equal(1, Delta(before, after, "deliberate_moderation_flagged_total", ("direction", "input")));
        Assert.Equal(1, Delta(before, after, "deliberate_moderation_flagged_total", ("direction", "output")));
        Assert.Equal(1, Delta(before, after, "deliberate_moderation_flagged_categories_total", ("direction", "output"), ("category", "harassment/threatening")));
        // The refused input generated nothing, so the engine's token counters did not move for it.
        Assert.Equal(0, Delta(before, afterInput, "deliberate_prompt_tokens_total"));

        var flags = server.Logs.Entries.Where(e => e.EventId.Name == "ModerationFlagged").ToList();
        Assert.All(flags, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Contains(flags, e => Equals(e.Fields["Direction"], "output") && ((string)e.Fields["Categories"]!).Contains("harassment/threatening", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains("pipe bomb", StringComparison.Ordinal) || e.Message.Contains("shoot you", StringComparison.Ordinal));
    }

    /// <summary>A request whose answer the grammar forces to <c>{"text": "<paramref name="sentence"/>"}</c> (refusal phrases masked).</summary>
    private string Forced(string sentence, bool stream)
    {
        var tokenizer = server.LoadTokenizer();
        var noRefusal = string.Join(",", Deliberate.Engine.Chat.OutputConstraints.DefaultRefusalPrefixes
            .Select(p => tokenizer.Encode(p, addSpecial: false)[0]).Distinct().Select(id => $"\"{id}\":-100"));
        var schema = $$$"""{"type":"object","properties":{"text":{"type":"string","enum":["{{{sentence}}}"]}},"required":["text"],"additionalProperties":false}""";
        return "{\"model\":\"tiny-open\",\"stream\":" + (stream ? "true" : "false") + ",\"seed\":1,\"max_completion_tokens\":400,"
            + "\"logit_bias\":{" + noRefusal + "},\"messages\":[{\"role\":\"user\",\"content\":\"Say something.\"}],"
            + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"say\",\"strict\":true,\"schema\":" + schema + "}}}";
    }

    private async Task<JsonDocument> Complete(string body)
    {
        using var response = await server.Http.PostAsync("/v1/chat/completions", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text);
    }

    private async Task<(string Content, string Refusal, string? Finish)> Stream(string body)
    {
        using var response = await server.Http.PostAsync("/v1/chat/completions", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        StringBuilder content = new(), refusal = new();
        string? finish = null;
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)))
        {
            using var chunk = JsonDocument.Parse(line[6..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                var delta = choice.GetProperty("delta");
                content.Append(delta.TryGetProperty("content", out var c) ? c.GetString() : "");
                refusal.Append(delta.TryGetProperty("refusal", out var r) ? r.GetString() : "");
                finish = choice.GetProperty("finish_reason").GetString() ?? finish;
            }
        }

        return (content.ToString(), refusal.ToString(), finish);
    }
}
