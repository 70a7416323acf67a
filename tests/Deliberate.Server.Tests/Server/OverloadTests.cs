using System.Net;
using System.Net.Http.Json;
using System.Text;
using Deliberate.Engine.Synthesis;
using Deliberate.Engine.Tokenization;
using Deliberate.Server.Configuration;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// The scheduler is the one admission queue: with one sequence and one waiting place, a second request waits, a third
/// gets OpenAI's 503 <c>server_overloaded</c> with <c>retry-after</c> before any byte of a response, and the waiting
/// one runs once the first ends. The gauges read the scheduler's own counts.
/// </summary>
public sealed class OverloadTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "deliberate-overload-" + Guid.NewGuid().ToString("N")[..8]);
    private DeliberateServer? _server;
    private HttpClient _http = null!;
    private string _noEnd = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "tiny.gguf");
        SyntheticModel.Write(path, SynthShape.Get("qwen3", "tiny"), "f32", seed: 7);
        var options = new ServerOptions
        {
            Listen = "http://127.0.0.1:0", Auth = AuthMode.Off, DataDirectory = Path.Combine(_directory, "data"), Threads = 1,
            MaxActiveSequences = 1, MaxQueuedRequests = 1,
        };
        options.Models.Add(new ModelOptions { Path = path, Id = "tiny", ParameterPolicy = ParameterPolicy.Open, ContextSize = 4096 });
        _server = DeliberateServer.Create(options, logging: _ => { });
        await _server.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.Addresses[0]), Timeout = TimeSpan.FromMinutes(2) };
        for (var i = 0; i < 600 && !(await _http.GetAsync("/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }

        // No end-of-generation token: a request runs to its max_completion_tokens, long enough to hold the one sequence.
        using var file = Deliberate.Engine.Gguf.GgufFile.Open(path);
        var tokenizer = Tokenizer.Create(TokenizerGgufMetadata.Read(key => file.Metadata.TryGetValue(key, out var value) ? value.Value : null));
        _noEnd = "{" + string.Join(",", tokenizer.EndOfGenerationIds.Select(id => $"\"{id}\":-100")) + "}";
    }

    private StringContent Body(int maxTokens, bool stream) => new(
        $$"""{"model":"tiny","messages":[{"role":"user","content":"Tell a long story."}],"temperature":0,"max_completion_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}},"logit_bias":{{_noEnd}}}""",
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task ARequestBeyondTheQueueGets503WithRetryAfterAndTheWaitingOneRunsLater()
    {
        // The first request takes the one sequence; its stream stays open while the test looks.
        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Body(4000, stream: true) };
        using var running = await _http.SendAsync(first, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        await using var stream = await running.Content.ReadAsStreamAsync();
        Assert.True(stream.ReadByte() >= 0);
        Assert.Equal(1, _server!.Backend.ActiveSequences);

        // The second waits in the scheduler's queue.
        var waiting = _http.PostAsync("/v1/chat/completions", Body(4, stream: false));
        for (var i = 0; i < 500 && _server.Backend.QueuedRequests == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, _server.Backend.QueuedRequests);
        var metrics = await PrometheusScrape.ReadAsync(_http);
        Assert.Equal((1, 1), (metrics.Value("deliberate_queue_depth"), metrics.Value("deliberate_active_sequences")));

        // The third finds the queue full.
        using var refused = await _http.PostAsync("/v1/chat/completions", Body(4, stream: true));
        var (_, type, _, code) = await ErrorAssert.Envelope(refused, 503);
        Assert.Equal(("server_error", "server_overloaded"), (type, code));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"retry-after: {refused.Headers.RetryAfter}");

        // The first client leaves; the waiting request is admitted and answers.
        running.Dispose();
        using var answered = await waiting;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var body = await answered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(4, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
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
