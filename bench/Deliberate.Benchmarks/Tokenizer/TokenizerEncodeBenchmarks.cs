using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Tokenization;
using Microsoft.ML.Tokenizers;

namespace Deliberate.Benchmarks.Tokenizer;

/// <summary>
/// Encode throughput on the o200k vocabulary: ours (gpt-oss's tokenizer.json, converted) against Microsoft.ML.Tokenizers'
/// tiktoken (gpt-4o, o200k_base), on the same ~300 KB of mixed text: this repository's C# sources and Markdown,
/// interleaved with the multilingual tokenizer test texts. Both sides keep their word caches warm across iterations.
/// MB/s = <see cref="TextBytes"/> / mean time. Needs tests/setup.sh to have installed the npm vocabularies.
/// Run: nice dotnet run -c Release --project bench/Deliberate.Benchmarks -- --filter '*TokenizerEncode*' --job short
/// </summary>
[MemoryDiagnoser]
public class TokenizerEncodeBenchmarks
{
    private const int TargetChars = 300_000;

    private string _text = "";
    private Engine.Tokenization.Tokenizer _ours = null!;
    private TiktokenTokenizer _reference = null!;

    /// <summary>UTF-8 size of the benchmark text, for MB/s.</summary>
    public int TextBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        string root = FindRoot();
        _text = BuildText(root);
        TextBytes = Encoding.UTF8.GetByteCount(_text);
        string models = Path.Combine(root, "tests", ".deps", "node_modules", "@lenml", "tokenizer-gptoss", "models");
        _ours = Engine.Tokenization.Tokenizer.Create(TokenizerJsonReader.ReadFiles(Path.Combine(models, "tokenizer.json")));
        _reference = TiktokenTokenizer.CreateForModel("gpt-4o");
        int[] a = _ours.Encode(_text, addSpecial: false, parseSpecial: false);
        IReadOnlyList<int> b = _reference.EncodeToIds(_text);
        if (!a.SequenceEqual(b))
            throw new InvalidOperationException("the two tokenizers disagree on the benchmark text");
        Console.WriteLine($"// text: {_text.Length} chars, {TextBytes} UTF-8 bytes, {a.Length} tokens");
    }

    [Benchmark(Baseline = true)]
    public int MicrosoftMLTokenizers() => _reference.EncodeToIds(_text).Count;

    [Benchmark]
    public int Deliberate() => _ours.Encode(_text, addSpecial: false, parseSpecial: false).Length;

    private static string BuildText(string root)
    {
        string[] samples = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(root, "tests", "fixtures-gen", "tokenizers", "texts.json")))!;
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
                && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var sb = new StringBuilder(TargetChars + 10_000);
        var i = 0;
        while (sb.Length < TargetChars)
        {
            foreach (string file in files)
            {
                sb.Append(File.ReadAllText(file)).Append('\n').Append(samples[i++ % samples.Length]).Append('\n');
                if (sb.Length >= TargetChars)
                    break;
            }
        }
        // The reference always maps o200k's specials (<|endoftext|>) to their ids; keep the text free of them.
        return sb.Replace("<|", "< |").ToString();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Deliberate.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found");
    }
}
