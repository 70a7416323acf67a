#pragma warning disable OPENAI001 // seed and effort are marked experimental in the SDK; we test that they work.
using System.ClientModel;
using System.Text.Json;
using Deliberate.Server.Configuration;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// One engine decides what a choice is: the same request, greedy or seeded, sent over HTTP with the official OpenAI
/// .NET SDK and to the in-process <see cref="IChatClient"/>, yields the same tool calls, content and finish reason —
/// a call the shipped model makes in its answer, a call the lookup-table model writes only inside its reasoning
/// (recovered on both paths), and a plain answer.
/// </summary>
public sealed class OutcomeAcrossPathsTests(SamePathFixture paths) : IClassFixture<SamePathFixture>
{
    private const string Weather = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";
    private const string Operands = """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""";

    /// <summary>What a path answered, in the terms both share.</summary>
    private sealed record Answer(string Content, string Calls, string Finish, int ReasoningTokens);

    public static TheoryData<string, string, string?, string?, long?> Cases() => new()
    {
        { SamePathFixture.ReasoningCallModel, "What is the weather in Pune?", "get_weather", Weather, null },
        { SamePathFixture.ReasoningCallModel, "What is the weather in Pune?", "get_weather", Weather, 5 },
        { BuiltinModels.DefaultId, "What is 37 * 21? Use a tool.", "multiply", Operands, null },
        { BuiltinModels.DefaultId, "What is 37 * 21? Use a tool.", "multiply", Operands, 3 },
        { BuiltinModels.DefaultId, "What is 48 + 19?", null, null, 7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheSameRequestGetsTheSameChoiceOverHttpAndInProcess(string model, string question, string? tool, string? schema, long? seed)
    {
        var overHttp = await OverHttp(model, question, tool, schema, seed);
        var inProcess = await InProcess(model, question, tool, schema, seed);

        Assert.Equal(overHttp, inProcess);
        if (model == SamePathFixture.ReasoningCallModel)
        {
            // The call was written only inside the reasoning; both paths recovered it and kept the answer's text.
            Assert.Equal(new Answer(SamePathFixture.Answer, "get_weather {\"city\":\"Pune\"}", "tool_calls", 4), overHttp);
        }
        else if (tool is not null)
        {
            Assert.Equal("tool_calls", overHttp.Finish);
        }
    }

    /// <summary>Arguments as compact JSON, so the wire's text and a re-serialized dictionary compare by value.</summary>
    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    private async Task<Answer> OverHttp(string model, string question, string? tool, string? schema, long? seed)
    {
        var client = new ChatClient(model, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(paths.BaseUrl + "/v1") });
        var options = new ChatCompletionOptions
        {
            ReasoningEffortLevel = ChatReasoningEffortLevel.Low,
            MaxOutputTokenCount = 300,
            Temperature = seed is null ? 0 : 1,
            Seed = seed,
        };
        if (tool is not null)
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(tool, "The tool for this question.", BinaryData.FromString(schema!)));
            options.ToolChoice = ChatToolChoice.CreateAutoChoice();
        }

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(question)], options);
        var finish = completion.FinishReason switch
        {
            ChatFinishReason.ToolCalls => "tool_calls",
            ChatFinishReason.Length => "length",
            _ => "stop",
        };
        return new Answer(
            string.Concat(completion.Content.Select(c => c.Text)),
            string.Join("; ", completion.ToolCalls.Select(c => c.FunctionName + " " + Compact(c.FunctionArguments.ToString()))),
            finish,
            completion.Usage.OutputTokenDetails.ReasoningTokenCount);
    }

    private async Task<Answer> InProcess(string model, string question, string? tool, string? schema, long? seed)
    {
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            MaxOutputTokens = 300,
            Temperature = seed is null ? 0 : 1,
            Seed = seed,
        };
        if (tool is not null)
        {
            using var parameters = JsonDocument.Parse(schema!);
            options.Tools = [AIFunctionFactory.CreateDeclaration(tool, "The tool for this question.", parameters.RootElement.Clone())];
        }

        var response = await paths.InProcess[model].GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, question)], options);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => c.Name + " " + Compact(JsonSerializer.Serialize(c.Arguments)));
        var finish = response.FinishReason == Microsoft.Extensions.AI.ChatFinishReason.ToolCalls ? "tool_calls"
            : response.FinishReason == Microsoft.Extensions.AI.ChatFinishReason.Length ? "length" : "stop";
        return new Answer(response.Text, string.Join("; ", calls), finish, (int)(response.Usage?.ReasoningTokenCount ?? -1));
    }
}
