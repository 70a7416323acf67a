using System.Diagnostics;
using Deliberate.Evals.Scoring;
using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Running;

/// <summary>
/// Runs a suite against any <see cref="IChatClient"/> — the in-process engine or an OpenAI-compatible endpoint —
/// at each requested effort, and scores every reply. Items run concurrently up to the configured limit.
/// </summary>
public sealed class EvalRunner(IChatClient client)
{
    private readonly IChatClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>Called after each reply (for progress output).</summary>
    public Action<EvalSample>? OnSample { get; init; }

    public async Task<IReadOnlyList<EvalSample>> RunAsync(EvalSuite suite, EvalRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);

        var items = options.Limit is { } limit ? suite.Items.Take(limit).ToList() : suite.Items.ToList();
        var work = from effort in options.Efforts from item in items from k in Enumerable.Range(0, options.Samples) select (effort, item, k);
        var results = new List<EvalSample>();
        using var gate = new SemaphoreSlim(options.Concurrency);
        var tasks = work.Select(async w =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var sample = await RunOneAsync(w.item, w.effort, w.k, options, cancellationToken).ConfigureAwait(false);
                lock (results)
                {
                    results.Add(sample);
                }

                OnSample?.Invoke(sample);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return [.. results.OrderBy(r => options.Efforts.ToList().IndexOf(r.Effort)).ThenBy(r => r.ItemId, StringComparer.Ordinal).ThenBy(r => r.SampleIndex)];
    }

    private async Task<EvalSample> RunOneAsync(EvalItem item, ReasoningEffort effort, int sampleIndex, EvalRunOptions options, CancellationToken cancellationToken)
    {
        // Our sampling settings apply only when we draw several samples ourselves; one sample is greedy.
        var drawn = !options.EndpointSampling && options.Samples > 1;
        var chatOptions = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = effort },
            Seed = options.Seed + sampleIndex,
            Temperature = options.EndpointSampling ? null : drawn ? options.SampleTemperature : 0f,
            TopP = drawn && options.SampleTopP < 1 ? options.SampleTopP : null,
            MaxOutputTokens = options.MaxOutputTokens,
            Tools = item.Tools.Count > 0 ? [.. item.Tools] : null,
            AdditionalProperties = drawn && options.SampleMinP > 0 ? new AdditionalPropertiesDictionary { ["min_p"] = options.SampleMinP } : null,
        };
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await _client.GetResponseAsync(item.Messages, chatOptions, cancellationToken).ConfigureAwait(false);
            var reply = Reply.From(response);
            var score = ItemScorer.Score(item, response, reply);
            return new EvalSample(item.Id, item.Task, item.Difficulty, effort, sampleIndex, score.Correct, score.RightTool, score.AnswerKey,
                response.Usage?.ReasoningTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, watch.Elapsed.TotalSeconds, null)
            {
                Expect = item.Expect,
                Refused = score.Refused,
                Degeneracy = score.Degeneracy,
                Excerpt = reply.AnswerExcerpt(),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failed request counts as a wrong answer (and a wrong tool) and is reported, so one bad item cannot hide the rest.
            return new EvalSample(item.Id, item.Task, item.Difficulty, effort, sampleIndex, false, item.ExpectsToolCall ? false : null, "", 0, 0,
                watch.Elapsed.TotalSeconds, e.Message) { Expect = item.Expect };
        }
    }
}
