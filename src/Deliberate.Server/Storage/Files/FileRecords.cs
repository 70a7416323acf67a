using Dapper;

namespace Deliberate.Server.Storage.Files;

/// <summary>The <c>files</c> table: one row per stored file, always read through its owner (another owner's file is not there).</summary>
public sealed class FileRecords(Database database)
{
    private const string Columns = "id, owner, filename, purpose, bytes, sha256, created_at, status, status_details";

    public async Task InsertAsync(FileRecord file, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO files ({Columns}) VALUES (@Id, @Owner, @Filename, @Purpose, @Bytes, @Sha256, @CreatedAt, @Status, @StatusDetails)",
            file, cancellationToken: cancellationToken));
    }

    public async Task<FileRecord?> FindAsync(string owner, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FileRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM files WHERE id = @Id AND owner = @Owner", new { Id = id, Owner = owner }, cancellationToken: cancellationToken));
    }

    /// <summary>A page of <paramref name="owner"/>'s files in creation order; null when <see cref="FileListQuery.After"/> is not one of them.</summary>
    public async Task<FilePage?> ListAsync(string owner, FileListQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        long? after = null;
        if (query.After is { } afterId)
        {
            after = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                "SELECT seq FROM files WHERE id = @Id AND owner = @Owner", new { Id = afterId, Owner = owner }, cancellationToken: cancellationToken));
            if (after is null)
            {
                return null;
            }
        }

        // Only fixed fragments are spliced in; every value is a parameter.
        var sql = $"SELECT {Columns} FROM files WHERE owner = @Owner"
            + (query.Purpose is null ? "" : " AND purpose = @Purpose")
            + (after is null ? "" : query.Ascending ? " AND seq > @After" : " AND seq < @After")
            + (query.Ascending ? " ORDER BY seq ASC" : " ORDER BY seq DESC")
            + " LIMIT @Take";
        var rows = (await connection.QueryAsync<FileRecord>(new CommandDefinition(sql,
            new { Owner = owner, query.Purpose, After = after, Take = query.Limit + 1 }, cancellationToken: cancellationToken))).ToList();
        var hasMore = rows.Count > query.Limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new FilePage(rows, hasMore);
    }

    /// <summary>Deletes the row; false when <paramref name="owner"/> has no such file.</summary>
    public async Task<bool> DeleteAsync(string owner, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM files WHERE id = @Id AND owner = @Owner", new { Id = id, Owner = owner }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task MarkErrorAsync(string id, string details, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE files SET status = @Status, status_details = @Details WHERE id = @Id",
            new { Id = id, Status = FileRecord.Error, Details = details }, cancellationToken: cancellationToken));
    }

    /// <summary>Id, size and status of every row, whoever owns it (for the start-up check against the bytes on disk).</summary>
    public async Task<IReadOnlyList<(string Id, long Bytes, string Status)>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, long, string)>(new CommandDefinition(
            "SELECT id, bytes, status FROM files", cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
