using System.CommandLine;
using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Server;
using Deliberate.Server.Configuration;

namespace Deliberate.Cli.Commands.ServeBench;

/// <summary>
/// <c>deliberate bench-serve</c>: the serving path measured end to end. The same requests run in process (through the
/// engine's scheduler) and over HTTP (a real loopback server, streamed SSE), at each concurrency level: time to first
/// token (p50, p99) and aggregate completion tokens per second. The difference between the two is what HTTP costs.
/// </summary>
internal static class ServeBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "GGUF model file (default: the model in models/)" };
        var levels = new Option<string>("--concurrency", "-c") { Description = "Concurrent streams, comma-separated", DefaultValueFactory = _ => "1,4,8,16" }.PositiveList();
        var requests = new Option<int>("--requests", "-r") { Description = "Requests per level (at least the level)", DefaultValueFactory = _ => 16 }.AtLeast(1);
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "max_completion_tokens of each request", DefaultValueFactory = _ => 64 }.AtLeast(1);
        var effort = new Option<string>("--effort") { Description = "reasoning_effort of each request", DefaultValueFactory = _ => "medium" };
        effort.AcceptOnlyFromAmong([.. Efforts.All.Select(e => e.Name())]);
        var threads = new Option<int>("--threads", "-t") { Description = "Compute threads (0 = all cores)" }.AtLeast(0);
        var json = new Option<bool>("--json") { Description = "Print results as JSON" };
        var command = new Command("bench-serve", "Measure TTFT and tokens/s over HTTP and in process, at several concurrency levels")
        {
            model, levels, requests, maxTokens, effort, threads, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(model) ?? BuiltinModels.Locate();
            if (path is null)
            {
                Console.Error.WriteLine("No model: pass -m FILE.gguf (or put a .gguf file in models/).");
                return 2;
            }

            var concurrency = OptionRules.ParsePositiveList(result.GetValue(levels))!;
            int perLevel = result.GetValue(requests), cap = result.GetValue(maxTokens), maxLevel = concurrency.Max();
            var level = result.GetValue(effort)!;
            var rows = new List<LoadResult>();

            using (var chat = ChatModel.Load(path, new ChatModelOptions { Threads = result.GetValue(threads), MaxActiveSequences = maxLevel }))
            {
                var generator = new ChatGenerator(chat);
                await Clients.InProcessAsync(generator, 0, level, cap, cancellationToken); // warm-up (JIT, caches)
                foreach (var c in concurrency)
                {
                    rows.Add(await LoadDriver.RunAsync("in-process", c, Math.Max(c, perLevel), (i, ct) => Clients.InProcessAsync(generator, i, level, cap, ct), cancellationToken));
                }
            }

            var options = new ServerOptions { Listen = "http://127.0.0.1:0", Auth = AuthMode.Off, Threads = result.GetValue(threads), MaxActiveSequences = maxLevel, MaxQueuedRequests = 4 * maxLevel };
            var served = BuiltinModels.Default(path);
            served.ParameterPolicy = ParameterPolicy.Open;
            options.Models.Add(served);
            await using (var server = DeliberateServer.Create(options, logging: _ => { }))
            {
                await server.StartAsync(cancellationToken);
                using var http = Clients.Http(server.Addresses[0]);
                while (!(await http.GetAsync("/ready", cancellationToken)).IsSuccessStatusCode)
                {
                    await Task.Delay(50, cancellationToken);
                }

                await Clients.HttpAsync(http, served.Id, 0, level, cap, cancellationToken); // warm-up (JIT, connection)
                foreach (var c in concurrency)
                {
                    rows.Add(await LoadDriver.RunAsync("http", c, Math.Max(c, perLevel), (i, ct) => Clients.HttpAsync(http, served.Id, i, level, cap, ct), cancellationToken));
                }
            }

            Print(rows, path, level, cap, result.GetValue(json));
            return 0;
        });
        return command;
    }

    private static void Print(List<LoadResult> rows, string path, string effort, int cap, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new Dictionary<string, object>
            {
                ["path"] = r.Path,
                ["concurrency"] = r.Concurrency,
                ["requests"] = r.TimeToFirstTokenSeconds.Count,
                ["ttft_p50_ms"] = Math.Round(r.TtftPercentile(0.5) * 1000, 1),
                ["ttft_p99_ms"] = Math.Round(r.TtftPercentile(0.99) * 1000, 1),
                ["tokens_per_second"] = Math.Round(r.TokensPerSecond, 1),
            })));
            return;
        }

        Console.WriteLine($"model: {Path.GetFileName(path)}  effort: {effort}  max_completion_tokens: {cap}");
        Console.WriteLine($"{"path",-11} {"streams",7} {"requests",8} {"TTFT p50 ms",12} {"TTFT p99 ms",12} {"tokens/s",9}");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Path,-11} {r.Concurrency,7} {r.TimeToFirstTokenSeconds.Count,8} {r.TtftPercentile(0.5) * 1000,12:F1} {r.TtftPercentile(0.99) * 1000,12:F1} {r.TokensPerSecond,9:F1}");
        }
    }
}
