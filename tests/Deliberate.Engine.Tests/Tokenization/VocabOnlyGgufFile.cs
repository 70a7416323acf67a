using System.Text;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>
/// Writes a GGUF v3 file with metadata and no tensors: enough for llama.cpp to load a vocabulary
/// (<c>vocab_only</c>). Test-only transport for the llama.cpp comparison; the engine's GGUF writer will replace it.
/// </summary>
internal static class VocabOnlyGgufFile
{
    public static void Write(string path, IEnumerable<KeyValuePair<string, object>> metadata)
    {
        var entries = new List<KeyValuePair<string, object>>
        {
            // llama.cpp reads these hyperparameters even for a vocab-only load.
            new("general.architecture", "llama"),
            new("llama.context_length", 4096u),
            new("llama.embedding_length", 64u),
            new("llama.block_count", 1u),
            new("llama.feed_forward_length", 128u),
            new("llama.attention.head_count", 1u),
            new("llama.attention.head_count_kv", 1u),
            new("llama.attention.layer_norm_rms_epsilon", 1e-5f),
            new("llama.rope.dimension_count", 64u),
        };
        entries.AddRange(metadata);
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write(0x46554747u); // "GGUF"
        w.Write(3u);
        w.Write(0UL);          // tensors
        w.Write((ulong)entries.Count);
        foreach (var (key, value) in entries)
        {
            WriteString(w, key);
            WriteValue(w, value);
        }
        while (stream.Position % 32 != 0)
            w.Write((byte)0);
    }

    private static void WriteValue(BinaryWriter w, object value)
    {
        switch (value)
        {
            case uint u: w.Write(4u); w.Write(u); break;
            case int i: w.Write(5u); w.Write(i); break;
            case float f: w.Write(6u); w.Write(f); break;
            case bool b: w.Write(7u); w.Write(b ? (byte)1 : (byte)0); break;
            case string s: w.Write(8u); WriteString(w, s); break;
            case string[] a: w.Write(9u); w.Write(8u); w.Write((ulong)a.Length); foreach (string s in a) WriteString(w, s); break;
            case int[] a: w.Write(9u); w.Write(5u); w.Write((ulong)a.Length); foreach (int x in a) w.Write(x); break;
            case float[] a: w.Write(9u); w.Write(6u); w.Write((ulong)a.Length); foreach (float x in a) w.Write(x); break;
            default: throw new NotSupportedException(value.GetType().Name);
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }
}
