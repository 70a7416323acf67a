using System.Text.Json;

namespace Deliberate.Evals.Suites;

/// <summary>
/// A suite: JSONL, one item a line, with <c>id</c>, <c>messages</c> (OpenAI chat format, several turns allowed),
/// either <c>expected</c> (an exact answer or tool call) or <c>expect</c> (a behaviour: chat, decline, refuse, comply),
/// <c>task</c>, <c>difficulty</c> and optional <c>tools</c>, <c>must_include</c>, <c>category</c> and <c>clause</c>
/// (docs/evals.md).
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
                item = new EvalItemReader(path, lineNumber).Read(document.RootElement);
            }
            catch (JsonException e)
            {
                throw new EvalSuiteFormatException(path, lineNumber, $"not JSON: {e.Message}");
            }

            if (!ids.Add(item.Id))
            {
                throw new EvalSuiteFormatException(path, lineNumber, "id", $"duplicate id '{item.Id}' (first on an earlier line)");
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
}
