namespace Deliberate.Cli.Commands.ServeBench;

/// <summary>One load level: how many streams ran at once, time to first token of each request, tokens generated.</summary>
internal sealed record LoadResult(string Path, int Concurrency, IReadOnlyList<double> TimeToFirstTokenSeconds, long CompletionTokens, double WallSeconds)
{
    public double TokensPerSecond => CompletionTokens / WallSeconds;

    public double TtftPercentile(double p)
    {
        var sorted = TimeToFirstTokenSeconds.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>A request's timings: first token (reasoning or content) and completion tokens from the usage report.</summary>
internal readonly record struct RequestTiming(double TimeToFirstTokenSeconds, int CompletionTokens);

/// <summary>Runs a number of requests, a fixed number at a time, and times them.</summary>
internal static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(string path, int concurrency, int requests, Func<int, CancellationToken, Task<RequestTiming>> send, CancellationToken cancellationToken)
    {
        var timings = new RequestTiming[requests];
        var next = -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                timings[i] = await send(i, cancellationToken);
            }
        });
        await Task.WhenAll(workers);
        return new LoadResult(path, concurrency, timings.Select(t => t.TimeToFirstTokenSeconds).ToList(), timings.Sum(t => (long)t.CompletionTokens), clock.Elapsed.TotalSeconds);
    }
}
