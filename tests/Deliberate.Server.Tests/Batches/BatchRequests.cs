using System.Text.Json;

namespace Deliberate.Server.Tests.Batches;

/// <summary>Input files for batch tests: request lines for deliberate-nano, written as a client would.</summary>
internal static class BatchRequests
{
    /// <summary>A chat completion request line; <paramref name="extra"/> adds raw body fields (<c>"temperature":0.5</c>).</summary>
    public static string Line(string customId, string question = "What is 2 + 3?", int maxCompletionTokens = 8, string effort = "low", string? extra = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["custom_id"] = customId,
            ["method"] = "POST",
            ["url"] = "/v1/chat/completions",
            ["body"] = JsonDocument.Parse($$"""{"model":"o3-mini","messages":[{"role":"user","content":{{JsonSerializer.Serialize(question)}}}],"max_completion_tokens":{{maxCompletionTokens}},"reasoning_effort":"{{effort}}"{{(extra is null ? "" : "," + extra)}}}""").RootElement,
        });

    public static byte[] File(IEnumerable<string> lines) => System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    /// <summary>Lines of a JSONL file, parsed.</summary>
    public static List<JsonElement> ParseLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
}
