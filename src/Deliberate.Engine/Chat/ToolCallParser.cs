using System.Text.Json;

namespace Deliberate.Engine.Chat;

/// <summary>A tool call the model wrote: the function name and its arguments as JSON text.</summary>
public sealed record ParsedToolCall(string Name, string ArgumentsJson);

/// <summary>
/// Finds tool calls in an answer: Qwen/Hermes-style <c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c>
/// blocks (deliberate-nano uses the same syntax; text outside the tags is the visible content, malformed blocks stay
/// text), or, failing those, a Llama 3.x call: the whole answer one <c>{"name": …, "parameters": {…}}</c> object.
/// </summary>
public static class ToolCallParser
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";
    private const string PythonTag = "<|python_tag|>";

    public static (string Content, IReadOnlyList<ParsedToolCall> Calls) Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var calls = new List<ParsedToolCall>();
        var content = new System.Text.StringBuilder();
        var at = 0;
        while (true)
        {
            var open = answer.IndexOf(Open, at, StringComparison.Ordinal);
            if (open < 0)
            {
                content.Append(answer, at, answer.Length - at);
                break;
            }

            var close = answer.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
            var body = close < 0 ? answer[(open + Open.Length)..] : answer[(open + Open.Length)..close];
            if (TryParseCall(body, out var call))
            {
                content.Append(answer, at, open - at);
                calls.Add(call);
            }
            else
            {
                content.Append(answer, at, (close < 0 ? answer.Length : close + Close.Length) - at);
            }

            if (close < 0)
            {
                break;
            }

            at = close + Close.Length;
        }

        if (calls.Count == 0 && TryParseBareCall(answer, out var bare))
        {
            return ("", [bare]);
        }

        return (content.ToString().Trim(), calls);
    }

    /// <summary>Llama 3.x writes a call as the whole answer: <c>{"name": …, "parameters": {…}}</c>, maybe after <c>&lt;|python_tag|&gt;</c>.</summary>
    private static bool TryParseBareCall(string answer, out ParsedToolCall call)
    {
        call = null!;
        var body = answer.Trim();
        if (body.StartsWith(PythonTag, StringComparison.Ordinal))
        {
            body = body[PythonTag.Length..].TrimStart();
        }

        return body.StartsWith('{') && body.EndsWith('}') && body.Contains("\"parameters\"", StringComparison.Ordinal) && TryParseCall(body, out call);
    }

    private static bool TryParseCall(string body, out ParsedToolCall call)
    {
        call = null!;
        try
        {
            using var document = JsonDocument.Parse(body.Trim(), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var key = root.TryGetProperty("arguments", out _) ? "arguments" : "parameters";
            var arguments = root.TryGetProperty(key, out var a) ? a.GetRawText() : "{}";
            if (root.TryGetProperty(key, out var s) && s.ValueKind == JsonValueKind.String)
            {
                arguments = s.GetString()!;
            }

            call = new ParsedToolCall(name.GetString()!, arguments);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
