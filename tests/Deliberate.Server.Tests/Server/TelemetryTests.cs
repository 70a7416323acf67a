using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Deliberate.Server.Configuration;
using Deliberate.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>
/// The server's telemetry read the way an operator reads it: metrics from the Prometheus exporter at <c>/metrics</c>
/// over the real port, spans through an <see cref="ActivityListener"/>, log lines through a logger provider.
/// </summary>
public sealed class TelemetryTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Chat = """{"model":"o3-mini","messages":[{"role":"user","content":"telemetry"}],"max_completion_tokens":6,"seed":3}""";

    [Fact]
    public async Task MetricsKeepTheirPrometheusNamesAndTypes()
    {
        await ChatAsync();
        var metrics = await PrometheusScrape.ReadAsync(server.Http);
        foreach (var (name, type) in new[]
        {
            ("deliberate_http_requests_total", "counter"), ("deliberate_prompt_tokens_total", "counter"),
            ("deliberate_completion_tokens_total", "counter"), ("deliberate_reasoning_tokens_total", "counter"),
            ("deliberate_cached_prompt_tokens_total", "counter"), ("deliberate_queue_depth", "gauge"), ("deliberate_active_sequences", "gauge"),
            ("deliberate_time_to_first_token_seconds", "histogram"), ("deliberate_inter_token_latency_seconds", "histogram"),
        })
        {
            Assert.True(metrics.TypeOf(name) == type, $"{name}: {metrics.TypeOf(name) ?? "missing"}\n{metrics.Text}");
        }
    }

    [Fact]
    public async Task TokenCountersAndHistogramsCountExactlyOneRequest()
    {
        var before = await PrometheusScrape.ReadAsync(server.Http);
        var (_, usage) = await ChatAsync();
        var after = await PrometheusScrape.ReadAsync(server.Http);
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);

        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), Delta("deliberate_prompt_tokens_total"));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), Delta("deliberate_completion_tokens_total"));
        Assert.Equal(usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32(), Delta("deliberate_reasoning_tokens_total"));
        Assert.Equal(usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32(), Delta("deliberate_cached_prompt_tokens_total"));
        Assert.Equal(1, Delta("deliberate_http_requests_total", ("route", "/v1/chat/completions"), ("status", "200")));
        Assert.Equal(1, Delta("deliberate_time_to_first_token_seconds_count"));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32() > 1, Delta("deliberate_inter_token_latency_seconds_count") > 0);
        Assert.Equal(0, after.Value("deliberate_active_sequences"));
        Assert.Equal(0, after.Value("deliberate_queue_depth"));
    }

    [Fact]
    public async Task ChatSpanCarriesUsageAndHasQueuePrefillDecodeChildren()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ServerTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var (id, usage) = await ChatAsync();
        var chat = await EventuallyAsync(() => stopped.FirstOrDefault(a => a.GetTagItem("deliberate.request_id") as string == id));
        Assert.Equal("chat o3-mini", chat.DisplayName);
        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(("o3-mini", "deliberate-nano", "medium"), (chat.GetTagItem("gen_ai.request.model"), chat.GetTagItem("gen_ai.response.model"), chat.GetTagItem("deliberate.reasoning_effort")));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), chat.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), chat.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(6, chat.GetTagItem("gen_ai.request.max_tokens"));

        var stages = stopped.Where(a => a.ParentSpanId == chat.SpanId).ToDictionary(a => a.DisplayName);
        Assert.Equal(["decode", "prefill", "queue"], stages.Keys.Order(StringComparer.Ordinal));
        var (queue, prefill, decode) = (stages["queue"], stages["prefill"], stages["decode"]);
        Assert.Equal(chat.TraceId, decode.TraceId);
        Assert.Equal(queue.StartTimeUtc + queue.Duration, prefill.StartTimeUtc);
        Assert.Equal(prefill.StartTimeUtc + prefill.Duration, decode.StartTimeUtc);
        Assert.True(queue.StartTimeUtc >= chat.StartTimeUtc && decode.StartTimeUtc + decode.Duration <= chat.StartTimeUtc + chat.Duration);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), decode.GetTagItem("gen_ai.usage.output_tokens"));
    }

    [Fact]
    public async Task EachRequestWritesOneLogLineWithItsIdModelEffortTokensAndTimes()
    {
        var (id, usage) = await ChatAsync();
        var line = await EventuallyAsync(() => server.Logs.Entries.SingleOrDefault(e => e.Fields.GetValueOrDefault("RequestId") as string == id));
        Assert.Equal((ServerLog.RequestCategory, LogLevel.Information, 2), (line.Category, line.Level, line.EventId.Id));
        Assert.Equal(("POST", "/v1/chat/completions", 200), (line.Fields["Method"], line.Fields["Path"], line.Fields["Status"]));
        Assert.Equal(("deliberate-nano", "medium"), (line.Fields["Model"], line.Fields["Effort"]));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), line.Fields["PromptTokens"]);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), line.Fields["CompletionTokens"]);
        var firstToken = Assert.IsType<double>(line.Fields["TimeToFirstTokenMs"]);
        Assert.InRange(firstToken, 0, Assert.IsType<double>(line.Fields["DurationMs"]));

        using var models = await server.Http.GetAsync("/v1/models");
        var modelsId = Assert.Single(models.Headers.GetValues("x-request-id"));
        var plain = await EventuallyAsync(() => server.Logs.Entries.SingleOrDefault(e => e.Fields.GetValueOrDefault("RequestId") as string == modelsId));
        Assert.Equal((1, 200, "/v1/models"), (plain.EventId.Id, plain.Fields["Status"], plain.Fields["Path"]));
    }

    [Fact]
    public void ModelLoadIsLoggedWithFileSizeAndSeconds()
    {
        var load = Assert.Single(server.Logs.Entries, e => e.EventId.Id == 3 && (string?)e.Fields["Model"] == "deliberate-nano");
        Assert.Equal(new FileInfo(server.ModelPath).Length, load.Fields["Bytes"]);
        Assert.Equal(Path.GetFullPath(server.ModelPath), load.Fields["File"]);
        Assert.IsType<double>(load.Fields["Seconds"]);
    }

    /// <summary>
    /// With an OTLP endpoint configured, the chat span and the server's metrics reach it (OTLP/HTTP here, chosen by the
    /// standard OTEL_EXPORTER_OTLP_PROTOCOL; shutting the server down flushes both).
    /// </summary>
    [Fact]
    public async Task OtlpEndpointReceivesTheChatSpanAndTheMetrics()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var collector = WebApplication.CreateSlimBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        collector.Logging.ClearProviders();
        await using var receiver = collector.Build();
        receiver.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path, body.ToArray()));
        });
        await receiver.StartAsync();

        using var data = new TemporaryDirectory();
        var key = await Storage.TestKeys.CreateAsync(data.Path, "otlp");
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.On, DataDirectory = data.Path, Threads = 1, OtlpEndpoint = receiver.Urls.First() };
        options.Models.Add(BuiltinModels.Default(server.ModelPath));
        DeliberateServer exporting;
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        try
        {
            exporting = DeliberateServer.Create(options, logging: _ => { });
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }

        await using (exporting)
        {
            await exporting.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(exporting.Addresses[0]) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            for (var i = 0; i < 600 && !(await http.GetAsync("/ready")).IsSuccessStatusCode; i++)
            {
                await Task.Delay(100);
            }

            Assert.True((await http.PostAsync("/v1/chat/completions", Json(Chat))).IsSuccessStatusCode);
        }

        static bool Holds(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
        Assert.Contains(received, r => r.Path == "/v1/traces" && Holds(r.Body, "chat o3-mini") && Holds(r.Body, "gen_ai.usage.input_tokens"));
        Assert.Contains(received, r => r.Path == "/v1/metrics" && Holds(r.Body, "deliberate.prompt_tokens"));
    }

    private async Task<(string Id, JsonElement Usage)> ChatAsync()
    {
        using var response = await server.Http.PostAsync("/v1/chat/completions", Json(Chat));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (Assert.Single(response.Headers.GetValues("x-request-id")), JsonDocument.Parse(text).RootElement.GetProperty("usage").Clone());
    }

    /// <summary>The request's telemetry is written as its response ends, which the client may see first: wait for it (bounded).</summary>
    private static async Task<T> EventuallyAsync<T>(Func<T?> find) where T : class
    {
        for (var i = 0; i < 200; i++)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(25);
        }

        return find() ?? throw new Xunit.Sdk.XunitException("not written within 5 s");
    }
}
