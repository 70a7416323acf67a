using System.Globalization;
using System.Text.Json;
using Deliberate.Cli.Commands.ServeBench;
using Deliberate.Server.Configuration;

namespace Deliberate.Cli.Commands.BatchBench;

/// <summary><c>bench-batch</c>'s figures, as a table or as JSON.</summary>
internal sealed record Report(
    string Model, BatchBenchCommand.Plan Plan, ServerOptions Server, BatchBenchCommand.BatchRun Alone, LoadResult Idle, LoadResult Busy,
    BatchBenchCommand.BatchRun Beside)
{
    private string Cap => Server.MaxBatchSequencesBesideInteractive == int.MaxValue ? "none" : Server.MaxBatchSequencesBesideInteractive.ToString(CultureInfo.InvariantCulture);

    public string Text() => string.Join('\n',
        $"model: {Model}  effort: {Plan.Effort}  max_completion_tokens: {Plan.MaxTokens}  maxActiveSequences: {Server.MaxActiveSequences}  "
            + $"reserved: {Server.ReservedInteractiveSequences}  batch cap beside interactive: {Cap}",
        $"batch alone: {Alone.Completed} requests in {Alone.Seconds:F1} s = {Alone.RequestsPerSecond:F1} requests/s",
        $"{"interactive",-13} {"streams",7} {"TTFT p50 ms",12} {"TTFT p99 ms",12}",
        Row(Idle),
        Row(Busy),
        $"p50 ratio (beside batch / idle): {Busy.TtftPercentile(0.5) / Idle.TtftPercentile(0.5):F2}",
        $"batch beside interactive: {Beside.Completed} requests in {Beside.Seconds:F1} s = {Beside.RequestsPerSecond:F1} requests/s"
            + (Beside.StillRunning ? "" : " (the batch finished before the streams did: raise --requests)"));

    public string Json() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = Model,
        ["effort"] = Plan.Effort,
        ["max_completion_tokens"] = Plan.MaxTokens,
        ["max_active_sequences"] = Server.MaxActiveSequences,
        ["reserved_interactive_sequences"] = Server.ReservedInteractiveSequences,
        ["max_batch_sequences_beside_interactive"] = Cap,
        ["batch_requests"] = Alone.Completed,
        ["batch_seconds"] = Math.Round(Alone.Seconds, 2),
        ["batch_requests_per_second"] = Math.Round(Alone.RequestsPerSecond, 2),
        ["idle_ttft_p50_ms"] = Ms(Idle, 0.5),
        ["idle_ttft_p99_ms"] = Ms(Idle, 0.99),
        ["beside_batch_ttft_p50_ms"] = Ms(Busy, 0.5),
        ["beside_batch_ttft_p99_ms"] = Ms(Busy, 0.99),
        ["batch_requests_per_second_beside_interactive"] = Math.Round(Beside.RequestsPerSecond, 2),
        ["batch_still_running"] = Beside.StillRunning,
    });

    private static string Row(LoadResult r) =>
        $"{r.Path,-13} {r.TimeToFirstTokenSeconds.Count,7} {r.TtftPercentile(0.5) * 1000,12:F1} {r.TtftPercentile(0.99) * 1000,12:F1}";

    private static double Ms(LoadResult r, double p) => Math.Round(r.TtftPercentile(p) * 1000, 1);
}
