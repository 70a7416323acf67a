using System.Text.Json;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// Writes the PyTorch fixture weights as a real GGUF (with a minimal byte-level BPE vocabulary so llama.cpp accepts it),
/// so the same file can be loaded by llama.cpp (LLamaSharp) and by our engine through <see cref="GgufFile"/>.
/// </summary>
internal static class FixtureGguf
{
    /// <summary>Writes the fixture of <paramref name="arch"/> with matrices in <paramref name="matrixType"/>; <paramref name="metadata"/> adds or replaces keys (e.g. rope scaling).</summary>
    public static string Write(string arch, GgmlType matrixType, IReadOnlyDictionary<string, object>? metadata = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "deliberate-model-tests");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"{arch}-{matrixType}-{Environment.ProcessId}-{Guid.NewGuid():N}.gguf");
        using var src = new FixtureModelSource(arch, matrixType);
        var writer = new GgufWriter();
        foreach (var kv in src.Document.RootElement.GetProperty("metadata").EnumerateObject())
        {
            object value = kv.Value.ValueKind switch
            {
                JsonValueKind.String => kv.Value.GetString()!,
                JsonValueKind.Number when kv.Value.TryGetUInt32(out uint u) && !kv.Value.GetRawText().Contains('.') && !kv.Value.GetRawText().Contains('e') => u,
                _ => kv.Value.GetSingle(),
            };
            if (metadata?.ContainsKey(kv.Name) != true)
                writer.Add(kv.Name, value);
        }
        foreach (var (key, value) in metadata ?? new Dictionary<string, object>())
            writer.Add(key, value);
        int vocab = (int)src.FindTensor("token_embd.weight")!.Dim(1);
        // printable single-character tokens plus 'Ċ' (newline), which llama.cpp's BPE loader needs to find
        var tokens = Enumerable.Range(0, vocab - 1).Select(i => ((char)('!' + i)).ToString()).Append("\u010A").ToArray();
        writer.Add("tokenizer.ggml.model", "gpt2");
        writer.Add("tokenizer.ggml.pre", "qwen2");
        writer.Add("tokenizer.ggml.tokens", tokens);
        writer.Add("tokenizer.ggml.token_type", Enumerable.Repeat(1, vocab).ToArray());
        writer.Add("tokenizer.ggml.merges", new[] { "! \"" });
        writer.Add("tokenizer.ggml.bos_token_id", 0u);
        writer.Add("tokenizer.ggml.eos_token_id", 1u);
        foreach (var t in src.Document.RootElement.GetProperty("tensors").EnumerateArray())
        {
            string name = t.GetProperty("name").GetString()!;
            var info = src.FindTensor(name)!;
            long bytes = GgufWriter.ByteCount(info.Type, info.Dimensions);
            writer.AddTensor(name, info.Type, info.Dimensions, Copy(info, bytes));
        }
        writer.WriteTo(path);
        return path;
    }

    private static unsafe byte[] Copy(Deliberate.Engine.Models.ModelTensor info, long bytes) =>
        new ReadOnlySpan<byte>(info.Data, checked((int)bytes)).ToArray();
}
