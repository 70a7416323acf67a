using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Deliberate.Cli.Commands.Batch;
using Deliberate.Cli.Commands.ServeBench;
using Deliberate.Engine.Reasoning;
using Deliberate.Server;
using Deliberate.Server.Configuration;

namespace Deliberate.Cli.Commands.BatchBench;

/// <summary>
/// <c>deliberate bench-batch</c>: the Batch API under load, end to end over HTTP against a loopback server in this
/// process (SQLite in a temporary data directory unless <c>--database</c> names a PostgreSQL). Three phases:
/// a batch of <c>--requests</c> requests alone (wall time from create to completed, requests/s); interactive streams
/// on an idle server (TTFT p50/p99); the same streams while a second batch runs (TTFT p50/p99, and the batch's
/// requests/s meanwhile, to show it still progresses). The client shares the machine with the server.
/// </summary>
internal static class BatchBenchCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "GGUF model file (default: the model in models/)" };
        var requests = new Option<int>("--requests", "-r") { Description = "Requests in each batch", DefaultValueFactory = _ => 1000 }.AtLeast(1);
        var interactive = new Option<int>("--interactive", "-i") { Description = "Interactive streams in each TTFT phase (one at a time)", DefaultValueFactory = _ => 32 }.AtLeast(1);
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "max_completion_tokens of every request", DefaultValueFactory = _ => 64 }.AtLeast(1);
        var effort = new Option<string>("--effort") { Description = "reasoning_effort of every request", DefaultValueFactory = _ => "medium" };
        effort.AcceptOnlyFromAmong([.. Efforts.All.Select(e => e.Name())]);
        var threads = new Option<int>("--threads", "-t") { Description = "Compute threads (0 = all cores)" }.AtLeast(0);
        var sequences = new Option<int>("--max-active-sequences") { Description = "The server's maxActiveSequences", DefaultValueFactory = _ => new ServerOptions().MaxActiveSequences }.AtLeast(1);
        var beside = new Option<int?>("--max-batch-sequences-beside-interactive") { Description = "The server's maxBatchSequencesBesideInteractive (default: its default)" }.AtLeast(1);
        var database = new Option<string?>("--database") { Description = "A PostgreSQL connection string (default: SQLite in a temporary directory)" };
        var json = new Option<bool>("--json") { Description = "Print results as JSON" };
        var command = new Command("bench-batch", "Measure a batch's throughput alone, and interactive TTFT with and without a batch running")
        {
            model, requests, interactive, maxTokens, effort, threads, sequences, beside, database, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(model) ?? BuiltinModels.Locate();
            if (path is null)
            {
                Console.Error.WriteLine("No model: pass -m FILE.gguf (or put a .gguf file in models/).");
                return CliInvocation.Usage;
            }

            // Opened once here so a missing or malformed file is the user's error now, not a server that never gets ready.
            Deliberate.Engine.Gguf.GgufFile.Open(path).Dispose();
            using var data = new TemporaryData();
            var options = new ServerOptions
            {
                Listen = "http://127.0.0.1:0", Auth = AuthMode.Off, Threads = result.GetValue(threads), DataDirectory = data.Path,
                Database = result.GetValue(database), MaxActiveSequences = result.GetValue(sequences), MaxBatchRequests = Math.Max(50_000, result.GetValue(requests)),
            };
            if (result.GetValue(beside) is { } cap)
            {
                options.MaxBatchSequencesBesideInteractive = cap;
            }

            var served = BuiltinModels.Default(path);
            served.ParameterPolicy = ParameterPolicy.Open;
            options.Models.Add(served);
            var plan = new Plan(served.Id, result.GetValue(requests), result.GetValue(interactive), result.GetValue(maxTokens), result.GetValue(effort)!);

            await using var server = DeliberateServer.Create(options, logging: _ => { });
            await server.StartAsync(cancellationToken);
            var baseUrl = server.Addresses[0].TrimEnd('/');
            using var http = Clients.Http(baseUrl);
            for (var waited = Stopwatch.StartNew(); !(await http.GetAsync("/ready", cancellationToken)).IsSuccessStatusCode; await Task.Delay(50, cancellationToken))
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new InvalidDataException($"{path}: the model did not load within 5 minutes");
                }
            }

            var api = new BatchApi(new Uri(baseUrl + "/v1"), "none");
            var input = await api.UploadAsync(await WriteInputAsync(data.Path, plan, cancellationToken), cancellationToken);
            await Clients.HttpAsync(http, plan.Model, 0, plan.Effort, plan.MaxTokens, cancellationToken); // warm-up (JIT, connection)

            var alone = await RunBatchAloneAsync(api, input, plan, cancellationToken);
            var idle = await InteractiveAsync(http, plan, cancellationToken);
            var (busy, during) = await InteractiveBesideBatchAsync(api, http, input, plan, cancellationToken);
            var report = new Report(Path.GetFileName(path), plan, options, alone, idle, busy, during);
            Console.WriteLine(result.GetValue(json) ? report.Json() : report.Text());
            return CliInvocation.Success;
        });
        return command;
    }

    /// <summary>The batch alone: from create to completed, polled every 100 ms.</summary>
    private static async Task<BatchRun> RunBatchAloneAsync(BatchApi api, string input, Plan plan, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var batch = await api.CreateAsync(input, cancellationToken);
        while (!batch.IsFinished)
        {
            await Task.Delay(Poll, cancellationToken);
            batch = await api.GetAsync(batch.Id, cancellationToken);
        }

        if (batch.Status != "completed" || batch.Completed != plan.Requests)
        {
            throw new InvalidOperationException($"the benchmark batch ended {batch.Status} with {batch.Completed} of {plan.Requests} completed");
        }

        return new BatchRun(batch.Completed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Interactive streams one after another on an otherwise idle server.</summary>
    private static Task<LoadResult> InteractiveAsync(HttpClient http, Plan plan, CancellationToken cancellationToken) =>
        LoadDriver.RunAsync("idle", 1, plan.Interactive, (i, ct) => Clients.HttpAsync(http, plan.Model, 1 + i, plan.Effort, plan.MaxTokens, ct), cancellationToken);

    /// <summary>
    /// The same streams while a second batch runs (started and in progress first), then the batch is cancelled; what
    /// the batch completed meanwhile, over the phase's time, is its rate beside interactive work.
    /// </summary>
    private static async Task<(LoadResult Streams, BatchRun Batch)> InteractiveBesideBatchAsync(BatchApi api, HttpClient http, string input, Plan plan, CancellationToken cancellationToken)
    {
        var batch = await api.CreateAsync(input, cancellationToken);
        while (batch.Completed == 0 && !batch.IsFinished)
        {
            await Task.Delay(Poll, cancellationToken);
            batch = await api.GetAsync(batch.Id, cancellationToken);
        }

        var before = batch.Completed;
        var clock = Stopwatch.StartNew();
        var streams = await LoadDriver.RunAsync("beside batch", 1, plan.Interactive, (i, ct) => Clients.HttpAsync(http, plan.Model, 1 + i, plan.Effort, plan.MaxTokens, ct), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        batch = await api.GetAsync(batch.Id, cancellationToken);
        var ranBeside = !batch.IsFinished;
        try
        {
            await api.CancelAsync(batch.Id, cancellationToken);
        }
        catch (System.ClientModel.ClientResultException e) when (e.Status == 400)
        {
            // It ended (or began finalizing) since it was read: nothing left to stop.
        }

        return (streams, new BatchRun(batch.Completed - before, seconds) { StillRunning = ranBeside });
    }

    private static async Task<string> WriteInputAsync(string directory, Plan plan, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(directory, "bench-batch.jsonl");
        await File.WriteAllLinesAsync(path, Enumerable.Range(0, plan.Requests).Select(i => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["custom_id"] = $"bench-{i}",
            ["method"] = "POST",
            ["url"] = BatchApi.ChatCompletions,
            ["body"] = new Dictionary<string, object>
            {
                ["model"] = plan.Model,
                ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = Clients.Question(10_000 + i) } },
                ["reasoning_effort"] = plan.Effort,
                ["max_completion_tokens"] = plan.MaxTokens,
                ["temperature"] = 0,
            },
        })), cancellationToken);
        return path;
    }

    /// <summary>What every phase sends.</summary>
    internal sealed record Plan(string Model, int Requests, int Interactive, int MaxTokens, string Effort);

    /// <summary>Requests a batch completed in a span of wall time.</summary>
    internal sealed record BatchRun(int Completed, double Seconds)
    {
        public double RequestsPerSecond => Completed / Seconds;

        /// <summary>The batch had not finished when the phase ended (so the interactive streams really ran beside it).</summary>
        public bool StillRunning { get; init; } = true;
    }

    /// <summary>A data directory for the benchmark's server, deleted afterwards.</summary>
    private sealed class TemporaryData : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("deliberate-bench-batch-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
