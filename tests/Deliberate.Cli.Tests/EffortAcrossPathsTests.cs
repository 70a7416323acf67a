#pragma warning disable OPENAI001 // reasoning effort is marked experimental in the SDK; we test that it works.
using System.ClientModel;
using System.Text.RegularExpressions;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Server;
using Deliberate.Server.Configuration;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Deliberate.Cli.Tests;

/// <summary>
/// One effort model: the same request gets the same thinking budget over HTTP (the OpenAI .NET SDK against a real
/// server), through the in-process <see cref="IChatClient"/>, and from <c>./deliberate chat</c>. The model never ends
/// its reasoning by itself, so each path reports the budget its effort resolved to (from the model file) plus the
/// forced close.
/// </summary>
public sealed partial class EffortAcrossPathsTests : IAsyncLifetime
{
    private const int ContextSize = 512;
    private const int MaxTokens = 40;
    private readonly LoopModel _model = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deliberate-effort-paths-" + Guid.NewGuid().ToString("N")[..8]);
    private DeliberateServer? _server;

    public async Task InitializeAsync()
    {
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.Off, DataDirectory = _data, Threads = 1 };
        options.Models.Add(new ModelOptions { Path = _model.Path, Id = "loop", ParameterPolicy = ParameterPolicy.Open, ContextSize = ContextSize });
        _server = DeliberateServer.Create(options, logging: _ => { });
        await _server.StartAsync();
        using var http = new HttpClient();
        for (var i = 0; i < 600 && !(await http.GetAsync(_server.Addresses[0] + "/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    public async Task TheSameEffortGetsTheSameBudgetOverHttpInProcessAndInTheChatCommand(string effort)
    {
        var expected = LoopModel.Budgets.For(Efforts.Parse(effort))!.Value + _model.ClosingReasoningTokens;

        var overHttp = await OverHttp(effort);
        var inProcess = await InProcess(effort);
        var fromCli = await FromChatCommand(effort);

        Assert.Equal((expected, expected, expected), (overHttp, inProcess, fromCli));
    }

    [Fact]
    public async Task AnExplicitBudgetWinsOverTheEffortsInProcessAndInTheChatCommand()
    {
        var expected = 3 + _model.ClosingReasoningTokens;
        Assert.Equal(expected, await InProcess("high", explicitBudget: 3));
        Assert.Equal(expected, await FromChatCommand("high", "--thinking-budget", "3"));
    }

    private async Task<int> OverHttp(string effort)
    {
        var client = new ChatClient("loop", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(_server!.Addresses[0] + "/v1") });
        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hello")], new ChatCompletionOptions
        {
            ReasoningEffortLevel = new ChatReasoningEffortLevel(effort),
            MaxOutputTokenCount = MaxTokens,
            Temperature = 0,
        });
        return completion.Usage.OutputTokenDetails.ReasoningTokenCount;
    }

    private async Task<int> InProcess(string effort, int? explicitBudget = null)
    {
        using var client = EngineChatClient.Open(_model.Path, new ChatModelOptions { Threads = 1, ContextSize = ContextSize });
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = effort switch { "low" => ReasoningEffort.Low, "medium" => ReasoningEffort.Medium, _ => ReasoningEffort.High } },
            MaxOutputTokens = MaxTokens,
            Temperature = 0,
        };
        if (explicitBudget is { } budget)
        {
            options.AdditionalProperties = new() { [EngineChatClient.ThinkingBudgetProperty] = budget };
        }

        var response = await client.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "Hello")], options);
        return (int)response.Usage!.ReasoningTokenCount!.Value;
    }

    private async Task<int> FromChatCommand(string effort, params string[] more)
    {
        var result = await CliRunner.RunAsync(
            ["chat", "-m", _model.Path, "--effort", effort, "--temp", "0", "-n", MaxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "512", "-t", "1", .. more],
            stdin: "Hello\n");
        CliAssert.Succeeded(result);
        var match = ReasoningTokens().Match(result.StdErr);
        Assert.True(match.Success, $"no token counts in: {result.StdErr}");
        Assert.Contains(LoopModel.Word, result.StdOut, StringComparison.Ordinal);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"reasoning (\d+) tokens")]
    private static partial Regex ReasoningTokens();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _model.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
