using System.Threading.Channels;
using Deliberate.Server.Chat;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage.Files;

namespace Deliberate.Server.Batches;

/// <summary>
/// Runs batches in the background, one at a time, oldest first: validates each input file, feeds its requests to the
/// models' schedulers at batch priority (as many at once as batch work may take sequences, plus one waiting so a freed
/// sequence is taken at once), stores each result with its count as it finishes, and writes the result files when the
/// batch ends. Everything it knows is in the database, so after a restart (or <c>kill -9</c>) it resumes each open batch
/// where the stored results end: a request runs again only if its result was never committed, and appears once.
/// While a batch runs, a watch every second (or at once when an endpoint calls <see cref="Wake"/>) ends cancelled,
/// finalizing and expired batches, and stops the running one's requests within a scheduler step when it is cancelled or
/// its window closes. Clock: the injected <see cref="TimeProvider"/>, so tests move time instead of waiting.
/// </summary>
public sealed class BatchRunner(
    BatchStore store, FileStore files, BatchRequestRunner requests, BatchResultFiles results, IChatBackend backend,
    ServerOptions options, TimeProvider time, ILogger<BatchRunner> logger) : BackgroundService
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    private const int RowsPerRead = 64;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _lock = new();
    private (string Id, CancellationTokenSource Stop)? _current;

    /// <summary>Requests of one batch in flight at once: every sequence batch work may take, and one more waiting.</summary>
    private int Concurrency => Math.Max(1, options.MaxActiveSequences - Math.Clamp(options.ReservedInteractiveSequences, 0, options.MaxActiveSequences - 1)) + 1;

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Something changed (a batch was created or cancelled): look now rather than at the next watch.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>A batch was moved to cancelling: if it is the one running, its requests stop now.</summary>
    public void Cancelled(string batchId)
    {
        lock (_lock)
        {
            if (_current is { } current && current.Id == batchId)
            {
                current.Stop.Cancel();
            }
        }

        Wake();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!backend.IsReady)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                string? batchId = null;
                try
                {
                    var ended = await EndDueAsync(except: null, stoppingToken);
                    var next = (await store.OpenAsync(stoppingToken)).FirstOrDefault(b => b.Status is BatchStatus.Validating or BatchStatus.InProgress);
                    if (next is not null)
                    {
                        batchId = next.Id;
                        await AdvanceAsync(next, stoppingToken);
                    }
                    else if (!ended)
                    {
                        await _wake.WaitAsync(WatchInterval, stoppingToken);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    BatchLog.RunnerFailed(logger, e, batchId, (int)RetryAfterFailure.TotalSeconds);
                    await Task.Delay(RetryAfterFailure, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: requests in flight were never committed, so the next start runs them.
        }
    }

    /// <summary>Validates or runs <paramref name="batch"/> until it is done, cancelled, expired or the server stops.</summary>
    private async Task AdvanceAsync(BatchRecord batch, CancellationToken stoppingToken)
    {
        if (Now >= batch.ExpiresAt)
        {
            return; // EndDueAsync ends it on the next pass
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (_lock)
        {
            _current = (batch.Id, stop);
        }

        var watch = WatchAsync(batch.Id, stop, watchStop.Token);
        try
        {
            if (batch.Status == BatchStatus.Validating)
            {
                await ValidateAsync(batch, stop.Token);
            }
            else
            {
                await RunRequestsAsync(batch, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // Cancelled or expired: EndDueAsync writes its files on the next pass.
        }
        finally
        {
            lock (_lock)
            {
                _current = null;
            }

            await watchStop.CancelAsync();
            await watch;
        }
    }

    /// <summary>Reads the input file; stores its requests and starts the batch, or fails it with every problem found.</summary>
    private async Task ValidateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        await store.ClearRequestsAsync(batch.Id, cancellationToken);
        var input = await files.FindAsync(batch.Owner, batch.InputFileId, cancellationToken);
        await using var content = input is null ? null : await files.OpenContentAsync(input, cancellationToken);
        if (content is null)
        {
            var reason = input is null ? "was deleted before the batch could read it" : "is unavailable: " + input.StatusDetails;
            await FailAsync(batch, [new BatchLineError("invalid_file", $"The input file {batch.InputFileId} {reason}.", "input_file_id", null)], cancellationToken);
            return;
        }

        var writer = store.BeginInput(batch.Id);
        var limits = new BatchInputLimits(options.MaxBatchRequests, (int)Math.Min(int.MaxValue, options.MaxRequestBodyBytes));
        var errors = await BatchInputReader.ReadAsync(content, batch.Endpoint, limits, writer.AddAsync, cancellationToken);
        if (errors.Count > 0)
        {
            await store.ClearRequestsAsync(batch.Id, cancellationToken);
            await FailAsync(batch, errors, cancellationToken);
        }
        else if (await writer.StartAsync(Now, cancellationToken))
        {
            BatchLog.Validated(logger, batch.Id, (await store.GetAsync(batch.Id, cancellationToken))?.RequestTotal ?? 0);
        }
    }

    private async Task FailAsync(BatchRecord batch, IReadOnlyList<BatchLineError> errors, CancellationToken cancellationToken)
    {
        if (await store.FailAsync(batch.Id, BatchJson.Errors(errors), Now, cancellationToken))
        {
            BatchLog.ValidationFailed(logger, batch.Id, errors.Count, errors[0].ToString());
        }
    }

    /// <summary>
    /// Feeds the requests without a stored result to the schedulers, storing each result as it comes; when none is
    /// left the batch is finalized. Cancelling <paramref name="cancellationToken"/> stops the requests in flight (their
    /// results are not stored).
    /// </summary>
    private async Task RunRequestsAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        // A failure of one worker (the database gone) stops the others; the main loop reports it and tries again.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<BatchRequestRow>(new BoundedChannelOptions(Concurrency) { SingleWriter = true });
        var tasks = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var row in queue.Reader.ReadAllAsync(failed.Token))
                {
                    var (succeeded, line) = await requests.RunAsync(batch.Id, row, failed.Token);
                    // Once a result is in hand it is kept, even if the batch is being stopped.
                    await store.RecordAsync(batch.Id, row.Line, succeeded, line, CancellationToken.None);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await failed.CancelAsync();
                throw;
            }
        }, failed.Token)).Append(FeedAsync(batch.Id, queue.Writer, failed.Token)).ToList();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch when (tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not (null or OperationCanceledException)) is { } cause)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
        }

        if ((await store.PendingAsync(batch.Id, 0, 1, cancellationToken)).Count == 0 && await store.FinalizingAsync(batch.Id, Now, cancellationToken))
        {
            await EndAsync(batch.Id, BatchStatus.Finalizing, BatchEnd.Completed, neverRun: null, cancellationToken);
        }
    }

    private async Task FeedAsync(string batchId, ChannelWriter<BatchRequestRow> queue, CancellationToken cancellationToken)
    {
        try
        {
            long after = 0;
            while (true)
            {
                var rows = await store.PendingAsync(batchId, after, RowsPerRead, cancellationToken);
                if (rows.Count == 0)
                {
                    break;
                }

                foreach (var row in rows)
                {
                    await queue.WriteAsync(row, cancellationToken);
                }

                after = rows[^1].Line;
            }
        }
        finally
        {
            queue.TryComplete();
        }
    }

    /// <summary>
    /// While a batch runs: every second, or when woken, ends the other batches that are due, and stops the running one
    /// when it left in progress (cancelled) or its window closed.
    /// </summary>
    private async Task WatchAsync(string batchId, CancellationTokenSource running, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(WatchInterval, cancellationToken);
                await EndDueAsync(except: batchId, cancellationToken);
                var batch = await store.GetAsync(batchId, cancellationToken);
                if (batch is null || batch.Status is not (BatchStatus.Validating or BatchStatus.InProgress) || Now >= batch.ExpiresAt)
                {
                    await running.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The watch is best effort; the main loop ends these batches on its next pass.
            BatchLog.RunnerFailed(logger, e, batchId, (int)WatchInterval.TotalSeconds);
        }
    }

    /// <summary>
    /// Ends every open batch that is due (except the one running): cancelling ones are cancelled, finalizing ones
    /// completed, and those past their window expired, each with its result files. True when it ended any.
    /// </summary>
    private async Task<bool> EndDueAsync(string? except, CancellationToken cancellationToken)
    {
        var ended = false;
        foreach (var batch in await store.OpenAsync(cancellationToken))
        {
            if (batch.Id == except)
            {
                continue;
            }

            ended |= batch.Status switch
            {
                BatchStatus.Cancelling => await EndAsync(batch.Id, BatchStatus.Cancelling, BatchEnd.Cancelled, BatchNeverRun.Cancelled, cancellationToken),
                BatchStatus.Finalizing => await EndAsync(batch.Id, BatchStatus.Finalizing, BatchEnd.Completed, neverRun: null, cancellationToken),
                _ when Now >= batch.ExpiresAt => await EndAsync(batch.Id, batch.Status, BatchEnd.Expired, BatchNeverRun.Expired, cancellationToken),
                _ => false,
            };
        }

        return ended;
    }

    /// <summary>Writes the batch's result files and moves it from <paramref name="from"/> to its end; false (files removed) when it had left <paramref name="from"/>.</summary>
    private async Task<bool> EndAsync(string batchId, string from, BatchEnd end, BatchNeverRun? neverRun, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(batchId, cancellationToken);
        if (batch is null || batch.Status != from)
        {
            return false;
        }

        var (output, errors) = await results.WriteAsync(batch, neverRun, cancellationToken);
        if (!await store.FinishAsync(batchId, from, end, Now, output, errors, CancellationToken.None))
        {
            await results.DeleteAsync(batch.Owner, output, errors);
            return false;
        }

        BatchLog.Finished(logger, batchId, end.Status, batch.RequestCompleted, batch.RequestTotal, batch.RequestFailed, output, errors);
        return true;
    }
}
