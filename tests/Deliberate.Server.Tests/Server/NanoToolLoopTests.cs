using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// A full tool loop with the model a fresh clone serves, through the OpenAI .NET SDK: a calculator tool is declared,
/// the model calls it (left to choose with <c>auto</c>, or made to with <c>required</c>, where the server's grammar
/// fixes the call's syntax and the name but not the argument values), the test runs the tool on the model's
/// arguments and sends the result back, and the model answers from it. Greedy decoding, so each run is the same.
/// </summary>
public sealed class NanoToolLoopTests(NanoServerFixture server) : IClassFixture<NanoServerFixture>
{
    public static TheoryData<string, string, string, string, long, long, string> Cases() => new()
    {
        { "multiply", "a", "b", "What is 37 * 21? Use a tool.", 37, 21, "auto" },
        { "add", "a", "b", "What is 4821 + 396? Use a tool.", 4821, 396, "auto" },
        { "get_sum", "x", "y", "What is 4821 + 396?", 4821, 396, "auto" },
        { "calculate_product", "first", "second", "What is 37 * 21?", 37, 21, "required" },
        { "multiply", "x", "y", "What is 37 * 21? Use a tool.", 37, 21, "required" },
    };

    /// <summary>
    /// Made-up names the model mis-copies when it writes them freely (<c>obtain_mastplication</c>, see the model card),
    /// beside a second tool it might pick instead. What the server guarantees with <c>auto</c> is that every call the
    /// model opens names a declared tool and carries arguments valid for that tool's schema (the declared keys only,
    /// of the declared types); whether it calls at all, which tool, and with which numbers is the model's choice, so
    /// the test asks only that it calls in at least one of the cases (it calls in all three today).
    /// </summary>
    [Fact]
    public async Task EveryAutoCallNamesADeclaredToolWithValidArgumentsEvenWhenTheNamesAreMadeUp()
    {
        (string Name, string First, string Second, string Question)[] cases =
        [
            ("obtain_multiplication", "operand1", "operand2", "What is 37 * 21? Use a tool."),
            ("pullTotal", "m", "n", "What is 4821 + 396? Use a tool."),
            ("request_accumulate", "operand1", "n", "What is 59294 + 3354? Use a tool."),
        ];
        var client = new ChatClient("deliberate-nano", new ApiKeyCredential("unused"),
            new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1") });
        var calls = 0;
        foreach (var (name, first, second, question) in cases)
        {
            // Each tool's parameters as key -> JSON kind; the schemas list properties and say nothing of others, so
            // the server closes them, and all are required.
            var declared = new Dictionary<string, Dictionary<string, JsonValueKind>>
            {
                ["obtain_meteo"] = new() { ["where"] = JsonValueKind.String },
                [name] = new() { [first] = JsonValueKind.Number, [second] = JsonValueKind.Number },
            };
            var options = new ChatCompletionOptions
            {
                Tools =
                {
                    ChatTool.CreateFunctionTool("obtain_meteo", "Current weather for a city.", BinaryData.FromString(
                        """{"type":"object","properties":{"where":{"type":"string"}},"required":["where"]}""")),
                    ChatTool.CreateFunctionTool(name, question.Contains('*', StringComparison.Ordinal) ? "Multiply two integers." : "Add two integers.",
                        BinaryData.FromString($$$"""
                            {"type":"object","properties":{"{{{first}}}":{"type":"integer"},"{{{second}}}":{"type":"integer"}},"required":["{{{first}}}","{{{second}}}"]}
                            """)),
                },
                ToolChoice = ChatToolChoice.CreateAutoChoice(),
                MaxOutputTokenCount = 300,
                Temperature = 0,
            };

            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(question)], options);
            // No call is a valid answer too (text, or a reasoning that ran out of tokens).
            Assert.Equal(completion.ToolCalls.Count > 0, completion.FinishReason == ChatFinishReason.ToolCalls);
            foreach (var call in completion.ToolCalls)
            {
                Assert.True(declared.TryGetValue(call.FunctionName, out var parameters), $"{name}: the model called undeclared '{call.FunctionName}'");
                using var arguments = JsonDocument.Parse(call.FunctionArguments);
                Assert.Equal(parameters.Keys.Order(), arguments.RootElement.EnumerateObject().Select(p => p.Name).Order());
                foreach (var argument in arguments.RootElement.EnumerateObject())
                {
                    Assert.Equal(parameters[argument.Name], argument.Value.ValueKind);
                    Assert.True(argument.Value.ValueKind != JsonValueKind.Number || argument.Value.TryGetInt64(out _), $"{name}: {argument} is not an integer");
                }

                calls++;
            }
        }

        Assert.True(calls > 0, "the model called no tool in any case");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CallsTheDeclaredToolAndAnswersFromItsResult(string name, string first, string second, string question, long a, long b, string toolChoice)
    {
        var multiply = question.Contains('*', StringComparison.Ordinal);
        var parameters = $$$"""
            {"type":"object","properties":{"{{{first}}}":{"type":"integer"},"{{{second}}}":{"type":"integer"}},"required":["{{{first}}}","{{{second}}}"]}
            """;
        var tool = ChatTool.CreateFunctionTool(name, multiply ? "Multiply two integers." : "Add two integers.", BinaryData.FromString(parameters));
        var options = new ChatCompletionOptions
        {
            Tools = { tool },
            ToolChoice = toolChoice == "required" ? ChatToolChoice.CreateRequiredChoice() : ChatToolChoice.CreateAutoChoice(),
            MaxOutputTokenCount = 300,
            Temperature = 0,
        };
        List<ChatMessage> messages = [new UserChatMessage(question)];
        var client = new ChatClient("deliberate-nano", new ApiKeyCredential("unused"),
            new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1") });

        ChatCompletion call = await client.CompleteChatAsync(messages, options);
        Assert.Equal(ChatFinishReason.ToolCalls, call.FinishReason);
        var toolCall = Assert.Single(call.ToolCalls);
        Assert.Equal(name, toolCall.FunctionName);
        long x, y;
        using (var arguments = JsonDocument.Parse(toolCall.FunctionArguments))
        {
            Assert.Equal(2, arguments.RootElement.EnumerateObject().Count());
            x = arguments.RootElement.GetProperty(first).GetInt64();
            y = arguments.RootElement.GetProperty(second).GetInt64();
        }

        Assert.Equal((a, b), (x, y));

        // The test is the tool: it computes from the model's arguments, as an application would.
        var result = multiply ? x * y : x + y;
        messages.Add(new AssistantChatMessage(call.ToolCalls));
        // Written as the training data writes tool results (Python's json.dumps: a space after the colon); the tiny
        // model misreads System.Text.Json's compact {"result":777} (see models/deliberate-nano.md).
        var resultText = result.ToString(System.Globalization.CultureInfo.InvariantCulture);
        messages.Add(new ToolChatMessage(toolCall.Id, $$"""{"result": {{resultText}}}"""));
        options.ToolChoice = ChatToolChoice.CreateAutoChoice();
        ChatCompletion answer = await client.CompleteChatAsync(messages, options);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        Assert.Empty(answer.ToolCalls);
        Assert.Contains(resultText, answer.Content[0].Text, StringComparison.Ordinal);
    }
}
