using System.Globalization;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Running;

/// <summary>How a suite is run: which efforts, how many samples per item, and how they are drawn.</summary>
public sealed record EvalRunOptions
{
    /// <summary>Efforts to measure, in report order.</summary>
    public IReadOnlyList<ReasoningEffort> Efforts { get; init; } = [ReasoningEffort.Low, ReasoningEffort.Medium, ReasoningEffort.High];

    /// <summary>Samples per item and effort; above 1 the samples are drawn with <see cref="SampleTemperature"/>.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>
    /// Temperature for multi-sample runs (single samples are greedy, so runs repeat exactly). 0.4 gave deliberate-nano
    /// the best majority vote on its validation suites (of 0.4, 0.6 and 0.8, top-p 0.9 and min-p 0.1 or 0.2 beside
    /// some of them; training/RUNS.md, "Sampling for the vote").
    /// </summary>
    public float SampleTemperature { get; init; } = 0.4f;

    /// <summary>Nucleus (top-p) cut for multi-sample runs; 1 keeps the whole distribution.</summary>
    public float SampleTopP { get; init; } = 1f;

    /// <summary>
    /// Min-p cut for multi-sample runs: tokens below this share of the most likely one's probability are dropped
    /// (vLLM's and llama.cpp's <c>min_p</c>); 0 keeps them all.
    /// </summary>
    public float SampleMinP { get; init; }

    /// <summary>
    /// Send no temperature or top_p, so the endpoint samples as it does by default (o3-mini and OpenAI-strict models
    /// reject both, and sample at temperature 1); the seed is still sent. Single samples are then not greedy.
    /// </summary>
    public bool EndpointSampling { get; init; }

    /// <summary>Seed of the first sample; sample k uses <c>Seed + k</c>.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Requests in flight at once (the engine batches concurrent sequences).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Cap on reasoning plus answer tokens per request, or null for the model's default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Only the first N items of the suite, or all when null (for quick runs).</summary>
    public int? Limit { get; init; }

    /// <summary>How the samples are drawn, as a report states it: greedy, a temperature (and top-p), or the endpoint's.</summary>
    public string DescribeSampling() =>
        EndpointSampling ? "the endpoint's sampling"
        : Samples == 1 ? "greedy"
        : string.Create(CultureInfo.InvariantCulture, $"temperature {SampleTemperature:0.###}{(SampleTopP < 1 ? $", top-p {SampleTopP:0.###}" : "")}{(SampleMinP > 0 ? $", min-p {SampleMinP:0.###}" : "")}");
}
