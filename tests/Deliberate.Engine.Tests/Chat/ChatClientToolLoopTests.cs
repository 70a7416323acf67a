using System.ComponentModel;
using Deliberate.Engine.Chat;
using Microsoft.Extensions.AI;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// The engine's <see cref="IChatClient"/> under Microsoft.Extensions.AI's own middleware: the function-invocation
/// client runs a whole tool loop in process, and the structured-output helper gets typed results, because the
/// engine constrains calls and JSON answers with its grammar.
/// </summary>
public sealed class ChatClientToolLoopTests : IDisposable
{
    private readonly TinyChatModel _tiny = new(options: new ChatModelOptions { Threads = 2, ContextSize = 2048, Budgets = new EffortBudgets { Low = 4, Medium = 8, High = 16 } });

    public void Dispose() => _tiny.Dispose();

    // long: the schema says "integer" and the grammar allows up to 15 digits.
    public sealed record Verdict(long Answer, bool Sure);

    [Fact]
    public async Task FunctionInvocationRunsARequiredToolAndFeedsBackItsResult()
    {
        var calls = new List<(long A, long B)>();
        var add = AIFunctionFactory.Create(([Description("first")] long a, [Description("second")] long b) =>
        {
            calls.Add((a, b));
            return a + b;
        }, "add", "Adds two integers");
        using var client = new ChatClientBuilder(new EngineChatClient(new ChatGenerator(_tiny.Model))).UseFunctionInvocation().Build();
        var options = new ChatOptions
        {
            Tools = [add],
            ToolMode = ChatToolMode.RequireSpecific("add"),
            MaxOutputTokens = 120,
            Temperature = 1,
            Seed = 5,
        };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is 2 + 3? Use the tool.")], options);

        Assert.True(calls.Count > 0, $"{response.FinishReason}: {string.Join(" | ", response.Messages.SelectMany(m => m.Contents).Select(c => c.GetType().Name + ":" + (c is FunctionResultContent r ? r.Result + " " + r.Exception : c is FunctionCallContent f ? System.Text.Json.JsonSerializer.Serialize(f.Arguments) : c.ToString())))} [{response.Text}]");
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().First();
        Assert.Equal("add", call.Name);
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().First();
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal(calls[0].A + calls[0].B, Convert.ToInt64(result.Result?.ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
    }

    [Fact]
    public async Task TypedStructuredOutputDeserializesOrIsAMarkedRefusal()
    {
        using var client = new EngineChatClient(new ChatGenerator(_tiny.Model));
        var typed = 0;
        for (var seed = 1; seed <= 8; seed++)
        {
            var response = await client.GetResponseAsync<Verdict>(
                [new ChatMessage(ChatRole.User, "Is 7 prime? Answer with a verdict.")],
                new ChatOptions { MaxOutputTokens = 200, Temperature = 1, Seed = seed });
            if (response.TryGetResult(out var verdict))
            {
                Assert.NotNull(verdict);
                typed++;
                continue;
            }

            // The grammar lets a model decline instead; the engine client marks that text as a refusal.
            var refusal = response.Messages.SelectMany(m => m.Contents).OfType<TextContent>()
                .Where(t => t.AdditionalProperties?.ContainsKey("refusal") == true);
            Assert.True(refusal.Any(), $"{response.FinishReason}: {string.Join(" | ", response.Messages.SelectMany(m => m.Contents).Select(c => c.GetType().Name + (c.AdditionalProperties is { } p ? "[" + string.Join(",", p.Keys) + "]" : "")))} {response.Text[..Math.Min(80, response.Text.Length)]}");
        }

        Assert.True(typed > 0, "no seed produced the typed value");
    }
}
