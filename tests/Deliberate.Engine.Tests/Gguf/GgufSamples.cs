using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Gguf;

/// <summary>Small valid GGUF files for round-trip and fuzz tests: every value type, string arrays, several tensor types.</summary>
internal static class GgufSamples
{
    public static GgufWriter Writer(int alignment = 32)
    {
        var writer = new GgufWriter(alignment)
            .Add("general.architecture", "llama")
            .Add("general.name", "sample ✓ ünïcode")
            .Add("test.u8", (byte)200)
            .Add("test.i8", (sbyte)-100)
            .Add("test.u16", (ushort)60000)
            .Add("test.i16", (short)-30000)
            .Add("test.u32", 4_000_000_000u)
            .Add("test.i32", -2_000_000_000)
            .Add("test.f32", 1.5f)
            .Add("test.bool", true)
            .Add("test.u64", ulong.MaxValue)
            .Add("test.i64", long.MinValue)
            .Add("test.f64", Math.PI)
            .Add("tokenizer.ggml.tokens", new[] { "a", "b", "Ġthe", "<|im_start|>", "日本" })
            .Add("tokenizer.ggml.scores", new[] { 0f, -1f, -2f, -3f, -4f })
            .Add("tokenizer.ggml.token_type", new[] { 1, 1, 1, 3, 1 })
            .Add("test.empty", Array.Empty<string>());
        writer.AddTensor("f32", GgmlType.F32, [4, 2], Bytes(32, 1));
        writer.AddTensor("f16", GgmlType.F16, [8], Bytes(16, 2));
        writer.AddTensor("q8", GgmlType.Q8_0, [64, 1], Bytes(68, 3));
        writer.AddTensor("q4k", GgmlType.Q4_K, [256], Bytes(144, 4));
        return writer;
    }

    public static byte[] Build(int alignment = 32)
    {
        using var stream = new MemoryStream();
        Writer(alignment).WriteTo(stream);
        return stream.ToArray();
    }

    public static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
