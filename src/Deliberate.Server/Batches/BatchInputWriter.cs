using Dapper;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Batches;

/// <summary>
/// Stores a validating batch's requests as the input file is read, a few hundred rows per transaction (a long file
/// never holds the database's write lock for long). The batch is still <see cref="BatchStatus.Validating"/> until
/// <see cref="StartAsync"/>, so rows left by a crash before it are cleared when validation starts over.
/// </summary>
public sealed class BatchInputWriter(Database database, string id)
{
    private const int RowsPerTransaction = 256;
    private readonly List<BatchRequestRow> _pending = [];
    private long _count;

    public async ValueTask AddAsync(BatchInputLine line, CancellationToken cancellationToken)
    {
        _pending.Add(new BatchRequestRow(line.Line, line.CustomId, line.Body));
        _count++;
        if (_pending.Count >= RowsPerTransaction)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Stores what is left and moves the batch to in progress with its total; false when it had left validating (cancelled).</summary>
    public async Task<bool> StartAsync(long now, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE batches SET status = @InProgress, in_progress_at = @Now, request_total = @Total WHERE id = @Id AND status = @Validating",
            new { Id = id, Now = now, Total = _count, BatchStatus.InProgress, BatchStatus.Validating }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var rows = _pending.Select(r => new { BatchId = id, r.Line, r.CustomId, r.Body }).ToList();
        _pending.Clear();
        await database.InTransactionAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO batch_requests (batch_id, line, custom_id, body) VALUES (@BatchId, @Line, @CustomId, @Body)",
            rows, transaction, cancellationToken: cancellationToken)), cancellationToken);
    }
}
