using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Deliberate.Server.Contracts;
using Deliberate.Server.Storage.Files;

namespace Deliberate.Server.Batches;

/// <summary>
/// Writes a batch's result files when it ends, as OpenAI lays them out: <c>{batch}_output.jsonl</c> holds the requests
/// that succeeded, <c>{batch}_error.jsonl</c> those that failed and, for a cancelled or expired batch, those never run
/// (<c>"response": null</c> and an <c>error</c> saying why). Lines follow the input file's order. Each file is
/// streamed from the stored results into the file store (purpose <c>batch_output</c>, owned by the batch's owner);
/// a file that would be empty is not made, and its id stays null.
/// </summary>
public sealed class BatchResultFiles(BatchStore store, FileStore files)
{
    private const int RowsPerRead = 512;

    /// <summary>
    /// The ids of the output and error files written for <paramref name="batch"/> (its counts must be final).
    /// <paramref name="neverRun"/> says why requests without a result were not run (<c>batch_cancelled</c>,
    /// <c>batch_expired</c>); null when every request has one.
    /// </summary>
    public async Task<(string? OutputFileId, string? ErrorFileId)> WriteAsync(BatchRecord batch, BatchNeverRun? neverRun, CancellationToken cancellationToken)
    {
        var unrun = batch.RequestTotal - batch.RequestCompleted - batch.RequestFailed;
        var output = batch.RequestCompleted > 0
            ? await WriteFileAsync(batch, "output", row => row.Outcome == BatchOutcome.Completed ? row.Result : null, cancellationToken)
            : null;
        var errors = batch.RequestFailed > 0 || (neverRun is not null && unrun > 0)
            ? await WriteFileAsync(batch, "error", row => row.Outcome switch
            {
                BatchOutcome.Failed => row.Result,
                null when neverRun is not null => NeverRunLine(row, neverRun),
                _ => null,
            }, cancellationToken)
            : null;
        return (output?.Id, errors?.Id);
    }

    /// <summary>Removes files written for a batch whose end did not take (another change won the race).</summary>
    public async Task DeleteAsync(string owner, string? outputFileId, string? errorFileId)
    {
        foreach (var id in new[] { outputFileId, errorFileId }.OfType<string>())
        {
            await files.DeleteAsync(owner, id, CancellationToken.None);
        }
    }

    private async Task<FileRecord> WriteFileAsync(BatchRecord batch, string kind, Func<BatchResultRow, string?> lineOf, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var writing = WriteLinesAsync(batch.Id, pipe.Writer, lineOf, cancellationToken);
        try
        {
            await using var content = pipe.Reader.AsStream();
            return await files.CreateAsync(batch.Owner, $"{batch.Id}_{kind}.jsonl", FilePurposes.BatchOutput, content, long.MaxValue, cancellationToken);
        }
        finally
        {
            await writing;
        }
    }

    private async Task WriteLinesAsync(string batchId, PipeWriter writer, Func<BatchResultRow, string?> lineOf, CancellationToken cancellationToken)
    {
        try
        {
            long after = 0;
            while (true)
            {
                var rows = await store.ResultsAsync(batchId, after, RowsPerRead, cancellationToken);
                if (rows.Count == 0)
                {
                    break;
                }

                foreach (var row in rows)
                {
                    if (lineOf(row) is { } line)
                    {
                        Encoding.UTF8.GetBytes(line, writer);
                        writer.Write("\n"u8);
                    }
                }

                after = rows[^1].Line;
                if ((await writer.FlushAsync(cancellationToken)).IsCompleted)
                {
                    break; // the reader stopped (the file could not be written); its error is the one reported
                }
            }

            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e);
        }
    }

    private static string NeverRunLine(BatchResultRow row, BatchNeverRun reason) =>
        JsonSerializer.Serialize(new BatchOutputLineDto(BatchIds.NewRequest(), row.CustomId, null, new BatchOutputErrorDto(reason.Code, reason.Message)),
            WireJsonContext.Default.BatchOutputLineDto);
}
