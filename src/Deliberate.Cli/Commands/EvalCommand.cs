using System.ClientModel;
using System.CommandLine;
using Deliberate.Engine.Reasoning;
using Deliberate.Evals.Reports;
using Deliberate.Evals.Running;
using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Deliberate.Cli.Commands;

/// <summary>
/// `deliberate eval`: runs suites at each reasoning effort through the in-process engine or any
/// OpenAI-compatible endpoint, and prints accuracy with 95% intervals, reasoning tokens and tokens/s.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "GGUF model file to run in-process (default: the model in models/)" };
        var endpoint = new Option<string?>("--endpoint") { Description = "Base URL of an OpenAI-compatible API instead, e.g. http://127.0.0.1:8080/v1" };
        var endpointSampling = new Option<bool>("--endpoint-sampling")
        {
            Description = "Send no temperature or top_p: the endpoint samples as it does by default (o3-mini and OpenAI-strict models reject both)",
        };
        var modelId = new Option<string>("--model-id") { Description = "Model id to request from --endpoint", DefaultValueFactory = _ => "o3-mini" };
        var apiKey = new Option<string?>("--api-key") { Description = "Key for --endpoint (default: $OPENAI_API_KEY)" };
        var suites = new Option<string[]>("--suite", "-s") { Description = "Suite files (JSONL); repeat or separate with commas", Required = true, AllowMultipleArgumentsPerToken = true };
        var efforts = new Option<string>("--effort") { Description = "Efforts to measure, comma-separated", DefaultValueFactory = _ => "low,medium,high" };
        var samples = new Option<int>("--samples") { Description = "Samples per item (with --vote: majority vote over them)", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var vote = new Option<bool>("--vote") { Description = "Report majority-vote accuracy over the samples (consensus@N)" };
        var limit = new Option<int?>("--limit") { Description = "Only the first N items of each suite" }.AtLeast(1);
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature when --samples is above 1 (single samples are greedy)", DefaultValueFactory = _ => 0.4f };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling cut when --samples is above 1 (1 = off)", DefaultValueFactory = _ => 1f };
        var minP = new Option<float>("--min-p") { Description = "Min-p cut when --samples is above 1: drop tokens below this share of the top token's probability (0 = off)", DefaultValueFactory = _ => 0f };
        var seed = new Option<long>("--seed") { Description = "Seed of the first sample", DefaultValueFactory = _ => 1 };
        var pool = new Option<string?>("--pool") { Description = "Run all the suites as one, reported and charted under this name" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var chart = new Option<string?>("--chart") { Description = "Write an accuracy-per-effort chart (PNG) to this path" };
        var failures = new Option<int>("--show-failures")
        {
            Description = "Print up to N wrong replies (expected and what came back) and up to N degenerate replies per suite to stderr",
            DefaultValueFactory = _ => 0,
        };

        var command = new Command("eval", "Measure accuracy per reasoning effort on eval suites.")
        {
            model, endpoint, endpointSampling, modelId, apiKey, suites, efforts, samples, vote, temperature, topP, minP, limit, concurrency, seed, pool, json, chart, failures,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var sampleCount = result.GetValue(samples);
            if (result.GetValue(vote) && sampleCount < 2)
            {
                Console.Error.WriteLine("--vote needs --samples 2 or more");
                return 2;
            }

            if (result.GetValue(temperature) is var t && (t <= 0 || t > 2 || float.IsNaN(t)))
            {
                Console.Error.WriteLine("--temperature must be above 0 and at most 2");
                return 2;
            }

            if (result.GetValue(topP) is var p && (p <= 0 || p > 1 || float.IsNaN(p)))
            {
                Console.Error.WriteLine("--top-p must be above 0 and at most 1");
                return 2;
            }

            if (result.GetValue(minP) is var cut && (cut < 0 || cut >= 1 || float.IsNaN(cut)))
            {
                Console.Error.WriteLine("--min-p must be at least 0 and below 1");
                return 2;
            }

            if (result.GetValue(endpointSampling) && result.GetValue(endpoint) is null)
            {
                Console.Error.WriteLine("--endpoint-sampling needs --endpoint (in process, single samples are greedy and several use --temperature)");
                return 2;
            }

            try
            {
                var effortList = ParseEfforts(result.GetValue(efforts)!);
                return await RunAsync(result, effortList, sampleCount, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or EvalSuiteFormatException or Engine.Gguf.GgufFormatException or ArgumentException)
            {
                Console.Error.WriteLine($"eval: {e.Message}");
                return 2;
            }
        });
        return command;

        async Task<int> RunAsync(ParseResult result, List<ReasoningEffort> effortList, int sampleCount, CancellationToken cancellationToken)
        {
            var endpointUrl = result.GetValue(endpoint) is { } url ? EvalEndpoint.ParseBaseUrl(url) : null;
            var (client, name) = OpenClient(endpointUrl, result.GetValue(modelId)!, result.GetValue(apiKey), result.GetValue(model));
            using (client)
            {
                var loaded = result.GetValue(suites)!.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(EvalSuite.Load).ToList();
                var pooledName = result.GetValue(pool);
                if (pooledName is not null)
                {
                    // --limit counts per suite, so it is applied before pooling and not again by the runner.
                    loaded = [EvalSuite.Pool(pooledName, loaded, result.GetValue(limit))];
                }

                var options = new EvalRunOptions
                {
                    Efforts = effortList,
                    Samples = sampleCount,
                    SampleTemperature = result.GetValue(temperature),
                    SampleTopP = result.GetValue(topP),
                    SampleMinP = result.GetValue(minP),
                    EndpointSampling = result.GetValue(endpointSampling),
                    Seed = result.GetValue(seed),
                    Concurrency = result.GetValue(concurrency),
                    Limit = pooledName is null ? result.GetValue(limit) : null,
                };

                foreach (var suite in loaded)
                {
                    var runner = new EvalRunner(client) { OnSample = s => Console.Error.Write(s.Correct ? '.' : 'x') };
                    var results = await runner.RunAsync(suite, options, cancellationToken).ConfigureAwait(false);
                    Console.Error.WriteLine();
                    var report = EvalReport.Build(name, suite.Name, results, effortList) with { Sampling = options.DescribeSampling() };
                    Console.WriteLine(result.GetValue(json) ? EvalReportWriter.ToJson(report) : EvalReportWriter.ToTable(report));
                    foreach (var error in results.Where(r => r.Error is not null).GroupBy(r => r.Error).Take(3))
                    {
                        Console.Error.WriteLine($"error ({error.Count()}x, e.g. {error.First().ItemId}): {error.Key}");
                    }

                    if (results.Any(r => EvalEndpoint.RejectedSampling(r.Error)))
                    {
                        Console.Error.WriteLine("the endpoint takes no temperature or top_p (as o3-mini): rerun with --endpoint-sampling to let it sample as it does by default");
                    }

                    foreach (var line in FailureListing.Lines(suite, results, result.GetValue(failures)))
                    {
                        Console.Error.WriteLine(line);
                    }

                    if (result.GetValue(chart) is { } chartPath)
                    {
                        EvalChart.SavePng(report, chartPath);
                    }
                }
            }

            return 0;
        }
    }

    /// <summary>
    /// The engine's effort names (an unknown one is an <see cref="Engine.Reasoning.UnknownEffortException"/> naming
    /// it), as the <see cref="IChatClient"/> options carry them; the engine client maps them back one to one.
    /// </summary>
    private static List<ReasoningEffort> ParseEfforts(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => Efforts.Parse(e) switch
        {
            Effort.Low => ReasoningEffort.Low,
            Effort.Medium => ReasoningEffort.Medium,
            _ => ReasoningEffort.High,
        })];

    private static (IChatClient Client, string Name) OpenClient(Uri? endpoint, string modelId, string? apiKey, string? modelPath)
    {
        if (endpoint is not null)
        {
            var key = apiKey ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "none";
            var openAi = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = endpoint });
            return (openAi.GetChatClient(modelId).AsIChatClient(), $"{modelId} @ {endpoint}");
        }

        return InProcessChatClient.Open(modelPath);
    }
}
