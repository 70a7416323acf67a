using System.Net.Http.Headers;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Synthesis;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tokenization;
using Deliberate.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// One real server for a test class: a tiny synthetic qwen3 GGUF (random weights, real tokenizer and chat template),
/// served on 127.0.0.1:0 with API keys on and one key created in a temporary data directory.
/// Random weights almost never emit <c>&lt;think&gt;</c>, so <see cref="ThinkingModel"/> gets a template whose
/// generation prompt opens reasoning (as Qwen3-Thinking's does): its output is reasoning until the budget closes it.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public const int ContextSize = 1536;

    /// <summary>Open sampling policy, budgets low/medium/high = 2/4/8 reasoning tokens, prompt opens <c>&lt;think&gt;</c>.</summary>
    public const string ThinkingModel = "tiny-thinking";

    public static EffortBudgets ThinkingBudgets => new() { Low = 2, Medium = 4, High = 8 };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "deliberate-server-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private DeliberateServer? _server;

    public string BaseUrl { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string ModelPath => Path.Combine(_directory, "tiny.gguf");

    /// <summary>The test model's tokenizer (for token ids in logit_bias).</summary>
    public Deliberate.Engine.Tokenization.Tokenizer LoadTokenizer()
    {
        using var file = Deliberate.Engine.Gguf.GgufFile.Open(ModelPath);
        return Deliberate.Engine.Tokenization.Tokenizer.Create(
            Deliberate.Engine.Tokenization.TokenizerGgufMetadata.Read(key => file.Metadata.TryGetValue(key, out var value) ? value.Value : null));
    }
    public string DataDirectory => Path.Combine(_directory, "data");
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Everything the server logged (at its default level, information).</summary>
    public LogCollector Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        SyntheticModel.Write(ModelPath, SynthShape.Get("qwen3", "tiny"), "f32", seed: 7);
        Key = await Storage.TestKeys.CreateAsync(DataDirectory, "tests");
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.On, DataDirectory = DataDirectory, Threads = 1 };
        var model = BuiltinModels.Default(ModelPath);
        model.ContextSize = ContextSize;
        model.DefaultMaxCompletionTokens = 24;
        model.ThinkingBudgets = new EffortBudgets { Low = 2, Medium = 4, High = 8 };
        options.Models.Add(model);
        var open = BuiltinModels.Default(ModelPath);
        open.Id = "tiny-open";
        open.Aliases = [];
        open.ContextSize = ContextSize;
        open.ParameterPolicy = ParameterPolicy.Open;
        options.Models.Add(open);
        options.Models.Add(Thinking());
        Configure(options);
        _server = DeliberateServer.Create(options, logging: builder => builder.AddProvider(Logs));
        await _server.StartAsync();
        BaseUrl = _server.Addresses[0].TrimEnd('/');
        Http.BaseAddress = new Uri(BaseUrl);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        for (var i = 0; i < 600 && !(await Http.GetAsync("/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>A subclass's change to the settings before the server starts.</summary>
    protected virtual void Configure(ServerOptions options)
    {
    }

    private ModelOptions Thinking()
    {
        var path = Path.Combine(_directory, "thinking.gguf");
        var shape = SynthShape.Get("qwen3", "tiny");
        var vocabulary = SyntheticVocabulary.Create(shape.Vocab);
        var template = ChatTemplate.BuiltinSource(BuiltinChatTemplate.ChatMlThink)
            .Replace("{{- '<|im_start|>assistant\\n' }}", "{{- '<|im_start|>assistant\\n<think>\\n' }}", StringComparison.Ordinal);
        Assert.Contains("assistant\\n<think>", template, StringComparison.Ordinal);
        // ChatTemplate is init-only and the vocabulary has a dozen other members; setting the one we change is clearer than copying them all.
        typeof(TokenizerData).GetProperty(nameof(TokenizerData.ChatTemplate))!.SetValue(vocabulary, template);
        SyntheticModel.Write(path, shape, "f32", seed: 7, vocabulary);
        var model = BuiltinModels.Default(path);
        model.Id = ThinkingModel;
        model.Aliases = [];
        model.ContextSize = ContextSize;
        model.DefaultMaxCompletionTokens = 24;
        model.ParameterPolicy = ParameterPolicy.Open;
        model.ThinkingBudgets = ThinkingBudgets;
        return model;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
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
