namespace Deliberate.Evals.Scoring;

/// <summary>
/// Finds the final answer in a reply: the text after the last <c>Answer:</c> marker (deliberate-nano's fixed final
/// line), else the last non-empty line. Reasoning is never searched: callers pass only the visible content.
/// </summary>
public static class AnswerExtractor
{
    private const string Marker = "Answer:";

    public static string Extract(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return "";
        }

        var at = content.LastIndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            var rest = content[(at + Marker.Length)..];
            var end = rest.IndexOf('\n', StringComparison.Ordinal);
            return (end >= 0 ? rest[..end] : rest).Trim();
        }

        var lines = content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }
}
