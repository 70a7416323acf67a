#pragma warning disable OPENAI001 // effort is marked experimental in the SDK; we test that it works.
using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// Structured Outputs and function calling through the official OpenAI .NET SDK, on a random-weight model sampling
/// at temperature 1: whatever it thinks, the constrained parts (JSON answers, forced calls) must be valid.
/// </summary>
public sealed class StructuredOutputsSdkTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Verdict = """
        {"type":"object","properties":{"answer":{"type":"integer"},"sure":{"type":"boolean"},"unit":{"type":"string","enum":["m","s","kg"]}},
        "required":["answer","sure","unit"],"additionalProperties":false}
        """;

    private const string WeatherParameters = """
        {"type":"object","properties":{"city":{"type":"string","enum":["Oslo","Lima","Pune"]},"days":{"type":"integer","minimum":1,"maximum":7}},
        "required":["city","days"],"additionalProperties":false}
        """;

    private OpenAIClientOptions Options => new() { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) };

    private ChatClient Chat(string model = "o3-mini") => new(model, new ApiKeyCredential(server.Key), Options);

    private static ChatTool Weather(bool strict = true) =>
        ChatTool.CreateFunctionTool("get_weather", "Forecast for a city", BinaryData.FromString(WeatherParameters), strict);

    private static ChatTool Clock() => ChatTool.CreateFunctionTool("get_time", "The current time");

    [Fact]
    public async Task StrictJsonSchemaAnswersValidate()
    {
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("verdict", BinaryData.FromString(Verdict), jsonSchemaIsStrict: true),
            ReasoningEffortLevel = ChatReasoningEffortLevel.High,
            MaxOutputTokenCount = 200,
        };
        var answered = 0;
        for (var i = 0; i < 4; i++)
        {
            options.Seed = i + 1;
            ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("How far? Answer in JSON.")], options);
            if (completion.Refusal is not null)
            {
                // The model may decline instead (RefusalTests): free text, so it may also run to the cap.
                Assert.Empty(completion.Content);
                continue;
            }

            Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);

            answered++;
            using var doc = JsonDocument.Parse(completion.Content[0].Text);
            var root = doc.RootElement;
            Assert.Equal(["answer", "sure", "unit"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Number, root.GetProperty("answer").ValueKind);
            Assert.True(root.GetProperty("answer").TryGetInt64(out _));
            Assert.Contains(root.GetProperty("sure").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.Contains(root.GetProperty("unit").GetString(), new[] { "m", "s", "kg" });
        }

        Assert.True(answered > 0, "every seed refused");
    }

    [Fact]
    public async Task JsonModeAnswersAreObjects()
    {
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(), MaxOutputTokenCount = 300, Seed = 2 };
        ChatCompletion completion = await Chat("tiny-open").CompleteChatAsync([new UserChatMessage("Reply in JSON.")], options);
        if (completion.Refusal is not null)
        {
            Assert.Empty(completion.Content);
        }
        else if (completion.FinishReason == ChatFinishReason.Stop)
        {
            using var doc = JsonDocument.Parse(completion.Content[0].Text);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
        else
        {
            // Cut off inside a free string by the token cap, as OpenAI's JSON mode can be: the text is still JSON so far.
            Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
            Assert.StartsWith("{", completion.Content[0].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RequiredToolChoiceAlwaysCallsWithValidArguments()
    {
        var options = new ChatCompletionOptions { Tools = { Weather(), Clock() }, ToolChoice = ChatToolChoice.CreateRequiredChoice(), MaxOutputTokenCount = 200 };
        for (var i = 0; i < 4; i++)
        {
            ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("Weather in Oslo for 3 days?")], options);
            Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
            var call = Assert.Single(completion.ToolCalls);
            Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
            Assert.Contains(call.FunctionName, new[] { "get_weather", "get_time" });
            using var args = JsonDocument.Parse(call.FunctionArguments);
            if (call.FunctionName == "get_weather")
            {
                Assert.Contains(args.RootElement.GetProperty("city").GetString(), new[] { "Oslo", "Lima", "Pune" });
                Assert.InRange(args.RootElement.GetProperty("days").GetInt32(), 1, 7);
            }
            else
            {
                Assert.Empty(args.RootElement.EnumerateObject());
            }
        }
    }

    [Fact]
    public async Task NamedToolChoiceCallsThatTool()
    {
        var options = new ChatCompletionOptions { Tools = { Weather(), Clock() }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_time"), MaxOutputTokenCount = 200 };
        ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("Weather in Lima?")], options);
        Assert.Equal("get_time", Assert.Single(completion.ToolCalls).FunctionName);
    }

    [Fact]
    public async Task NoneToolChoiceNeverCalls()
    {
        var options = new ChatCompletionOptions { Tools = { Weather() }, ToolChoice = ChatToolChoice.CreateNoneChoice(), MaxOutputTokenCount = 40 };
        ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("Weather in Pune?")], options);
        Assert.Empty(completion.ToolCalls);
        Assert.NotEqual(ChatFinishReason.ToolCalls, completion.FinishReason);
    }

    [Fact]
    public async Task StreamedToolCallsReassemble()
    {
        var options = new ChatCompletionOptions { Tools = { Weather() }, ToolChoice = ChatToolChoice.CreateRequiredChoice(), MaxOutputTokenCount = 200 };
        var id = "";
        var name = "";
        var arguments = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        var pieces = 0;
        await foreach (var update in Chat().CompleteChatStreamingAsync([new UserChatMessage("Weather in Oslo?")], options))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                Assert.Equal(0, part.Index);
                id = part.ToolCallId ?? id;
                name = part.FunctionName ?? name;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
                pieces++;
            }

            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.StartsWith("call_", id, StringComparison.Ordinal);
        Assert.Equal("get_weather", name);
        Assert.True(pieces >= 2, "the name and the arguments arrive in separate deltas");
        using var args = JsonDocument.Parse(arguments.ToString());
        Assert.InRange(args.RootElement.GetProperty("days").GetInt32(), 1, 7);
    }

    [Fact]
    public async Task ToolResultsRoundTrip()
    {
        var options = new ChatCompletionOptions { Tools = { Weather() }, ToolChoice = ChatToolChoice.CreateRequiredChoice(), MaxOutputTokenCount = 200 };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Oslo?")];
        ChatCompletion call = await Chat().CompleteChatAsync(messages, options);
        messages.Add(new AssistantChatMessage(call));
        messages.Add(new ToolChatMessage(call.ToolCalls[0].Id, "{\"forecast\":\"sun\"}"));
        ChatCompletion answer = await Chat().CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Weather() }, MaxOutputTokenCount = 30 });
        Assert.True(answer.Usage.InputTokenCount > call.Usage.InputTokenCount);
        Assert.Contains(answer.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length, ChatFinishReason.ToolCalls });
    }

    [Fact]
    public async Task SeveralChoicesAreEachValid()
    {
        // The SDK has no n; the raw protocol method sends it.
        const string Head = """{"model":"o3-mini","n":3,"messages":[{"role":"user","content":"JSON please"}],"max_completion_tokens":200,""";
        const string Format = """ "response_format":{"type":"json_schema","json_schema":{"name":"verdict","strict":true,"schema": """;
        var body = BinaryContent.Create(BinaryData.FromString(Head + Format + Verdict + "}}}"));
        var result = await Chat().CompleteChatAsync(body);
        using var doc = JsonDocument.Parse(result.GetRawResponse().Content);
        var choices = doc.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        foreach (var choice in choices)
        {
            var message = choice.GetProperty("message");
            if (message.GetProperty("refusal").ValueKind == JsonValueKind.String)
            {
                Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
                continue;
            }

            using var answer = JsonDocument.Parse(message.GetProperty("content").GetString()!);
            Assert.True(answer.RootElement.GetProperty("answer").TryGetInt64(out _));
        }
    }

    [Fact]
    public async Task RepeatedPromptsReportCachedTokens()
    {
        var messages = new List<ChatMessage> { new DeveloperChatMessage("You are a unit converter. Reply briefly."), new UserChatMessage("3 km in m?") };
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 8 };
        await Chat().CompleteChatAsync(messages, options);
        ChatCompletion again = await Chat().CompleteChatAsync(messages, options);
        Assert.InRange(again.Usage.InputTokenDetails.CachedTokenCount, 4, again.Usage.InputTokenCount - 1);
    }
}
