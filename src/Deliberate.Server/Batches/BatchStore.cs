using Dapper;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Batches;

/// <summary>
/// The <c>batches</c> and <c>batch_requests</c> tables. Clients read batches only through their owner (another owner's
/// batch is not there); the runner reads them by id. Every status change is conditional on the status it leaves, so a
/// cancel racing the runner's own step leaves one winner, and a request's result is stored with its count in one
/// transaction, at most once.
/// </summary>
public sealed class BatchStore(Database database)
{
    private const string Columns = "id, owner, endpoint, input_file_id, completion_window, status, output_file_id, error_file_id, "
        + "created_at, in_progress_at, expires_at, finalizing_at, completed_at, failed_at, expired_at, cancelling_at, cancelled_at, "
        + "request_total, request_completed, request_failed, metadata, errors";

    public async Task InsertAsync(BatchRecord batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO batches ({Columns}) VALUES (@Id, @Owner, @Endpoint, @InputFileId, @CompletionWindow, @Status, @OutputFileId, @ErrorFileId, "
            + "@CreatedAt, @InProgressAt, @ExpiresAt, @FinalizingAt, @CompletedAt, @FailedAt, @ExpiredAt, @CancellingAt, @CancelledAt, "
            + "@RequestTotal, @RequestCompleted, @RequestFailed, @Metadata, @Errors)",
            batch, cancellationToken: cancellationToken));
    }

    /// <summary><paramref name="owner"/>'s batch <paramref name="id"/>, or null (none, or another owner's).</summary>
    public async Task<BatchRecord?> FindAsync(string owner, string id, CancellationToken cancellationToken = default)
    {
        if (!BatchIds.IsWellFormed(id))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM batches WHERE id = @Id AND owner = @Owner", new { Id = id, Owner = owner }, cancellationToken: cancellationToken));
    }

    /// <summary>The batch <paramref name="id"/> whoever owns it (the runner's view).</summary>
    public async Task<BatchRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BatchRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM batches WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>A page of <paramref name="owner"/>'s batches, newest first, older than <paramref name="after"/>; null when <paramref name="after"/> is not one of them.</summary>
    public async Task<BatchPage?> ListAsync(string owner, string? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        long? before = null;
        if (after is not null)
        {
            before = BatchIds.IsWellFormed(after)
                ? await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                    "SELECT seq FROM batches WHERE id = @Id AND owner = @Owner", new { Id = after, Owner = owner }, cancellationToken: cancellationToken))
                : null;
            if (before is null)
            {
                return null;
            }
        }

        var rows = (await connection.QueryAsync<BatchRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM batches WHERE owner = @Owner" + (before is null ? "" : " AND seq < @Before") + " ORDER BY seq DESC LIMIT @Take",
            new { Owner = owner, Before = before, Take = limit + 1 }, cancellationToken: cancellationToken))).ToList();
        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new BatchPage(rows, hasMore);
    }

    /// <summary>Every batch with work left (<see cref="BatchStatus.Open"/>), oldest first: what the runner does next, or resumes after a restart.</summary>
    public async Task<IReadOnlyList<BatchRecord>> OpenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<BatchRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM batches WHERE status IN ({Literals(BatchStatus.Open)}) ORDER BY seq", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Moves <paramref name="owner"/>'s batch to <see cref="BatchStatus.Cancelling"/> if it is still validating or running,
    /// and returns it as it then is (unchanged when it was past that); null when there is no such batch.
    /// </summary>
    public async Task<BatchRecord?> RequestCancelAsync(string owner, string id, long now, CancellationToken cancellationToken = default)
    {
        if (!BatchIds.IsWellFormed(id))
        {
            return null;
        }

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE batches SET status = @Cancelling, cancelling_at = @Now WHERE id = @Id AND owner = @Owner AND status IN ({Literals(BatchStatus.Cancellable)})",
                new { Id = id, Owner = owner, Now = now, BatchStatus.Cancelling }, cancellationToken: cancellationToken));
        }

        return await FindAsync(owner, id, cancellationToken);
    }

    /// <summary>Stores a validating batch's requests as its input file is read (<see cref="BatchInputWriter"/>).</summary>
    public BatchInputWriter BeginInput(string id) => new(database, id);

    /// <summary>Deletes a batch's request rows: those a crash left while it was validating, or all of them once its input failed.</summary>
    public async Task ClearRequestsAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM batch_requests WHERE batch_id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>A validating batch fails: its input file's problems are kept as <c>errors</c>. False when it had left validating (cancelled).</summary>
    public async Task<bool> FailAsync(string id, string errors, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batches SET status = @Failed, failed_at = @Now, errors = @Errors WHERE id = @Id AND status = @Validating",
            new { Id = id, Now = now, Errors = errors, BatchStatus.Failed, BatchStatus.Validating }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Up to <paramref name="take"/> requests of the batch not yet run, after line <paramref name="afterLine"/>, in line order.</summary>
    public async Task<IReadOnlyList<BatchRequestRow>> PendingAsync(string id, long afterLine, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<BatchRequestRow>(new CommandDefinition(
            "SELECT line, custom_id, body FROM batch_requests WHERE batch_id = @Id AND outcome IS NULL AND line > @After ORDER BY line LIMIT @Take",
            new { Id = id, After = afterLine, Take = take }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Stores a request's result and counts it, in one transaction; false (nothing changed) when it already had one.
    /// Only a committed result counts, so after a crash every request is either counted with its result or run again.
    /// </summary>
    public Task<bool> RecordAsync(string id, long line, bool succeeded, string result, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var stored = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE batch_requests SET outcome = @Outcome, result = @Result WHERE batch_id = @Id AND line = @Line AND outcome IS NULL",
                new { Id = id, Line = line, Outcome = succeeded ? BatchOutcome.Completed : BatchOutcome.Failed, Result = result },
                transaction, cancellationToken: cancellationToken)) == 1;
            if (stored)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    succeeded ? "UPDATE batches SET request_completed = request_completed + 1 WHERE id = @Id"
                              : "UPDATE batches SET request_failed = request_failed + 1 WHERE id = @Id",
                    new { Id = id }, transaction, cancellationToken: cancellationToken));
            }

            return stored;
        }, cancellationToken);

    /// <summary>Up to <paramref name="take"/> of the batch's requests after line <paramref name="afterLine"/>, with their results, in line order.</summary>
    public async Task<IReadOnlyList<BatchResultRow>> ResultsAsync(string id, long afterLine, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<BatchResultRow>(new CommandDefinition(
            "SELECT line, custom_id, outcome, result FROM batch_requests WHERE batch_id = @Id AND line > @After ORDER BY line LIMIT @Take",
            new { Id = id, After = afterLine, Take = take }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>A running batch whose every request has a result moves to <see cref="BatchStatus.Finalizing"/>; false when it had left running.</summary>
    public async Task<bool> FinalizingAsync(string id, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batches SET status = @Finalizing, finalizing_at = @Now WHERE id = @Id AND status = @InProgress",
            new { Id = id, Now = now, BatchStatus.Finalizing, BatchStatus.InProgress }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Ends a batch whose files are written: <paramref name="from"/> → <paramref name="end"/>, its time column set, the
    /// file ids kept, and its request rows deleted (the files hold them now), in one transaction. False when the batch
    /// had left <paramref name="from"/>, and then nothing changes.
    /// </summary>
    public Task<bool> FinishAsync(string id, string from, BatchEnd end, long now, string? outputFileId, string? errorFileId, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            // The column is one of four fixed names, never input.
            var finished = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE batches SET status = @Status, {end.TimeColumn} = @Now, output_file_id = @Output, error_file_id = @Error WHERE id = @Id AND status = @From",
                new { Id = id, From = from, end.Status, Now = now, Output = outputFileId, Error = errorFileId }, transaction, cancellationToken: cancellationToken)) == 1;
            if (finished)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM batch_requests WHERE batch_id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
            }

            return finished;
        }, cancellationToken);

    /// <summary>
    /// A fixed list of statuses as SQL literals (Dapper expands a list parameter for SQLite but hands Npgsql an array,
    /// which <c>IN</c> does not take; these are constants, never input).
    /// </summary>
    private static string Literals(IEnumerable<string> statuses) => string.Join(", ", statuses.Select(s => $"'{s}'"));
}
