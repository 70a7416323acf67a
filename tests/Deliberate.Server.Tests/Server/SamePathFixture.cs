using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Tokenization;
using Deliberate.Server.Configuration;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// Two models, each served over HTTP and opened in process with the same settings, so one request can be sent both
/// ways: the shipped model, and <see cref="ReasoningCallModel"/>, a lookup-table model that writes a tool call
/// inside its reasoning and then answers without one.
/// </summary>
public sealed class SamePathFixture : IAsyncLifetime
{
    public const string ReasoningCallModel = "reasoning-call";

    /// <summary>The call the lookup-table model writes, as one token of its vocabulary.</summary>
    public const string CallJson = """{"name": "get_weather", "arguments": {"city": "Pune"}}""";

    /// <summary>What it answers after its reasoning, as one token.</summary>
    public const string Answer = "Let me check.";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "deliberate-same-path-" + Guid.NewGuid().ToString("N")[..8]);
    private DeliberateServer? _server;

    public string BaseUrl { get; private set; } = "";

    /// <summary>In-process clients over the same files, by model id.</summary>
    public Dictionary<string, EngineChatClient> InProcess { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var callModel = Path.Combine(_directory, "reasoning-call.gguf");
        WriteReasoningCallModel(callModel);
        var nano = RepositoryPaths.ShippedNano;

        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.Off, DataDirectory = Path.Combine(_directory, "data"), Threads = 2 };
        var served = BuiltinModels.Default(nano);
        served.ParameterPolicy = ParameterPolicy.Open;
        served.Aliases = [];
        options.Models.Add(served);
        options.Models.Add(new ModelOptions { Path = callModel, Id = ReasoningCallModel, ParameterPolicy = ParameterPolicy.Open, ContextSize = 512 });
        _server = DeliberateServer.Create(options, logging: _ => { });
        await _server.StartAsync();
        BaseUrl = _server.Addresses[0].TrimEnd('/');
        using var http = new HttpClient();
        for (var i = 0; i < 600 && !(await http.GetAsync(BaseUrl + "/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }

        // The server's settings for each model, in process: its context, the default KV cache, no configured budgets.
        InProcess[BuiltinModels.DefaultId] = EngineChatClient.Open(nano, new ChatModelOptions { Threads = 2, Id = BuiltinModels.DefaultId });
        InProcess[ReasoningCallModel] = EngineChatClient.Open(callModel, new ChatModelOptions { Threads = 2, ContextSize = 512, Id = ReasoningCallModel });
    }

    /// <summary>
    /// From the prompt's last token (the newline after <c>&lt;think&gt;</c>) the model writes
    /// <c>&lt;tool_call&gt;</c>, the call, <c>&lt;/tool_call&gt;</c>, <c>&lt;/think&gt;</c>, the answer, <c>&lt;|im_end|&gt;</c>.
    /// </summary>
    private static void WriteReasoningCallModel(string path)
    {
        var vocabulary = LookupTableModel.Vocabulary(CallJson, Answer);
        var tokenizer = Tokenizer.Create(vocabulary);
        int Id(string text) => tokenizer.FindToken(text) ?? throw new InvalidOperationException($"no token {text}");
        var newline = Assert.Single(tokenizer.Encode("\n", addSpecial: false));
        int[] chain = [newline, Id("<tool_call>"), Id(CallJson), Id("</tool_call>"), Id("</think>"), Id(Answer), Id("<|im_end|>")];
        var next = new Dictionary<int, int>();
        for (var i = 0; i + 1 < chain.Length; i++)
        {
            next[chain[i]] = chain[i + 1];
        }

        LookupTableModel.Write(path, vocabulary, next, otherwise: Id("<|im_end|>"), new EffortBudgets { Low = 50, Medium = 50, High = 50 });
    }

    public async Task DisposeAsync()
    {
        foreach (var client in InProcess.Values)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
