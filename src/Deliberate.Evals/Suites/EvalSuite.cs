using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Suites;

/// <summary>
/// A suite: JSONL, one item a line, with <c>id</c>, <c>messages</c> (OpenAI chat format), <c>expected</c>,
/// <c>task</c>, <c>difficulty</c> and optional <c>tools</c>.
/// </summary>
public sealed class EvalSuite
{
    private EvalSuite(string name, IReadOnlyList<EvalItem> items)
    {
        Name = name;
        Items = items;
    }

    /// <summary>Suite name (the file name without extension).</summary>
    public string Name { get; }

    public IReadOnlyList<EvalItem> Items { get; }

    /// <summary>Reads a suite file; a malformed line raises <see cref="EvalSuiteFormatException"/>.</summary>
    public static EvalSuite Load(string path)
    {
        var items = new List<EvalItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            EvalItem item;
            try
            {
                using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 });
                item = ReadItem(document.RootElement);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or KeyNotFoundException)
            {
                throw new EvalSuiteFormatException(path, lineNumber, e.Message);
            }

            if (!ids.Add(item.Id))
            {
                throw new EvalSuiteFormatException(path, lineNumber, $"duplicate id '{item.Id}'");
            }

            items.Add(item);
        }

        return new EvalSuite(System.IO.Path.GetFileNameWithoutExtension(path), items);
    }

    /// <summary>
    /// Several suites run as one under <paramref name="name"/>: a single table, vote and chart over all their items,
    /// tighter than any one of them. Item ids must stay unique across the suites (votes are grouped by id).
    /// <paramref name="itemsPerSuite"/> keeps only the first N items of each suite (for quick runs).
    /// </summary>
    public static EvalSuite Pool(string name, IEnumerable<EvalSuite> suites, int? itemsPerSuite = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(suites);
        if (itemsPerSuite is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(itemsPerSuite));
        }

        var items = new List<EvalItem>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var suite in suites)
        {
            foreach (var item in suite.Items.Take(itemsPerSuite ?? int.MaxValue))
            {
                if (!owners.TryAdd(item.Id, suite.Name))
                {
                    throw new ArgumentException($"item id '{item.Id}' is in both {owners[item.Id]} and {suite.Name}; pooled suites need distinct ids", nameof(suites));
                }

                items.Add(item);
            }
        }

        return new EvalSuite(name, items);
    }

    private static EvalItem ReadItem(JsonElement root)
    {
        var id = root.GetProperty("id").ValueKind == JsonValueKind.Number ? root.GetProperty("id").GetRawText() : root.GetProperty("id").GetString()!;
        var messages = new List<ChatMessage>();
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            var role = message.GetProperty("role").GetString() switch
            {
                "system" => ChatRole.System,
                "developer" => new ChatRole("developer"),
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                var other => throw new InvalidDataException($"unknown role '{other}'"),
            };
            messages.Add(new ChatMessage(role, message.GetProperty("content").GetString()));
        }

        if (messages.Count == 0)
        {
            throw new InvalidDataException("messages is empty");
        }

        var tools = new List<AITool>();
        if (root.TryGetProperty("tools", out var toolList) && toolList.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in toolList.EnumerateArray())
            {
                var function = tool.GetProperty("function");
                tools.Add(AIFunctionFactory.CreateDeclaration(
                    function.GetProperty("name").GetString()!,
                    function.TryGetProperty("description", out var d) ? d.GetString() : null,
                    function.TryGetProperty("parameters", out var p) ? p.Clone() : JsonDocument.Parse("{}").RootElement.Clone()));
            }
        }

        return new EvalItem(
            id,
            messages,
            root.GetProperty("expected").Clone(),
            root.TryGetProperty("task", out var task) ? task.GetString() ?? "unknown" : "unknown",
            root.TryGetProperty("difficulty", out var difficulty) ? (difficulty.ValueKind == JsonValueKind.String ? difficulty.GetString()! : difficulty.GetRawText()) : "",
            tools)
        {
            JsonKey = root.TryGetProperty("answer_format", out var format) && format.GetString() == "json"
                && root.TryGetProperty("json_key", out var key) ? key.GetString() : null,
        };
    }
}
