#pragma warning disable OPENAI001 // effort is marked experimental in the SDK; we test that it works.
using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// The strict-JSON request of issue 24 over a real port, through the official OpenAI .NET SDK, with the model a fresh
/// clone serves under its o3-mini name: "Make up a person." with a strict schema at low effort. deliberate-nano mostly
/// writes the name until the room runs out; every answer must still parse and match the schema, whether it finished
/// (<c>stop</c>) or was closed at the limit (<c>length</c>), with the context as the limit or a small one.
/// </summary>
public sealed class NanoStrictJsonTests(NanoServerFixture server) : IClassFixture<NanoServerFixture>
{
    private const string Person = """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}},
         "required":["name","age"],"additionalProperties":false}
        """;

    [Fact]
    public async Task EveryStrictPersonParsesAndMatchesTheSchemaWhateverTheLimit()
    {
        var client = new ChatClient("o3-mini", new ApiKeyCredential("unused"),
            new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });
        var runs = new List<Task<ChatCompletion>>();
        foreach (var limit in new int?[] { null, 32 })
        {
            for (var seed = 1; seed <= 4; seed++)
            {
                var options = new ChatCompletionOptions
                {
                    ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(Person), jsonSchemaIsStrict: true),
                    ReasoningEffortLevel = ChatReasoningEffortLevel.Low,
                    MaxOutputTokenCount = limit,
                    Seed = seed,
                };
                runs.Add(Task.Run(async () => (ChatCompletion)await client.CompleteChatAsync([new UserChatMessage("Make up a person.")], options)));
            }
        }

        var closed = 0;
        foreach (var completion in await Task.WhenAll(runs))
        {
            if (completion.Refusal is not null)
            {
                Assert.Empty(completion.Content);
                continue;
            }

            Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
            closed += completion.FinishReason == ChatFinishReason.Length ? 1 : 0;
            var text = completion.Content[0].Text;
            using var person = JsonDocument.Parse(text);
            Assert.Equal(["name", "age"], person.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.String, person.RootElement.GetProperty("name").ValueKind);
            var age = person.RootElement.GetProperty("age");
            Assert.True(age.ValueKind == JsonValueKind.Null || age.TryGetInt64(out _), text);
        }

        Assert.True(closed > 0, "no answer reached the limit, so none was closed");
    }
}
