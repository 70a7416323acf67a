using System.Globalization;
using Deliberate.Server.Errors;
using Deliberate.Server.Storage.Files;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// <c>GET /v1/files</c>'s query: <c>purpose</c> (any file purpose), <c>limit</c> (1–10,000, default 10,000),
/// <c>order</c> (<c>asc</c> or <c>desc</c>, default <c>desc</c>: newest first) and <c>after</c> (a file id, the cursor).
/// A value given twice or out of range is a 400 naming the parameter; other parameters are ignored, as OpenAI does.
/// </summary>
internal static class FileListParameters
{
    public const int MaxLimit = 10_000;

    public static FileListQuery Parse(IQueryCollection query)
    {
        var purpose = Single(query, "purpose");
        if (purpose is not null && !FilePurposes.IsKnown(purpose))
        {
            throw ApiException.Invalid($"Invalid value for 'purpose': '{purpose}'. Supported values are: {Quoted(FilePurposes.All)}.", "purpose", "invalid_value");
        }

        var limit = MaxLimit;
        if (Single(query, "limit") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            throw ApiException.Invalid($"Invalid value for 'limit': '{text}'. It must be a whole number from 1 to {MaxLimit}.", "limit", "invalid_value");
        }

        var order = Single(query, "order") ?? "desc";
        if (order is not ("asc" or "desc"))
        {
            throw ApiException.Invalid($"Invalid value for 'order': '{order}'. Supported values are: 'asc' and 'desc'.", "order", "invalid_value");
        }

        var after = Single(query, "after");
        if (after is not null && !FileIds.IsWellFormed(after))
        {
            throw ApiException.Invalid($"Invalid 'after': no such File object: {after}", "after");
        }

        return new FileListQuery(purpose, limit, order == "asc", after);
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw ApiException.Invalid($"'{name}' was given {values.Count} times; give it once.", name);
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));
}
