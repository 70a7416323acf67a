using System.Text.Json;

namespace Deliberate.Cli.Commands.Batch;

/// <summary>What the CLI shows of a batch object: its status, counts, result files and, when validation failed, the problems by line.</summary>
internal sealed record BatchView(
    string Id, string Status, int Total, int Completed, int Failed, string? OutputFileId, string? ErrorFileId,
    long CreatedAt, IReadOnlyList<string> Errors)
{
    /// <summary>Statuses a batch ends in.</summary>
    public bool IsFinished => Status is "completed" or "failed" or "expired" or "cancelled";

    public static BatchView Parse(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        var errors = batch.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Object
            ? list.GetProperty("data").EnumerateArray().Select(Describe).ToList()
            : [];
        return new BatchView(
            batch.GetProperty("id").GetString()!, batch.GetProperty("status").GetString()!,
            counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32(),
            StringOrNull(batch, "output_file_id"), StringOrNull(batch, "error_file_id"), batch.GetProperty("created_at").GetInt64(), errors);
    }

    private static string Describe(JsonElement error)
    {
        var line = error.TryGetProperty("line", out var at) && at.ValueKind == JsonValueKind.Number ? $"line {at.GetInt32()}: " : "";
        return $"{line}{error.GetProperty("message").GetString()} ({error.GetProperty("code").GetString()})";
    }

    private static string? StringOrNull(JsonElement batch, string name) =>
        batch.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
