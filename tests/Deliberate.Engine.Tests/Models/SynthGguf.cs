using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// A seeded random-weight qwen3 GGUF wide enough for 256-element K-quant blocks (n_embd 256), quantized with a
/// Q4_K_M-like mix (Q4_K matrices, Q6_K for ffn_down and the LM head) or uniformly (Q8_0), F32 norms. Test helper;
/// the same file goes to llama.cpp and to our engine.
/// </summary>
internal static class SynthGguf
{
    public const int Vocab = 96;

    public static string Write(GgmlType matrixType, GgmlType downAndHeadType, int seed = 7)
    {
        const int embd = 256, ff = 512, heads = 4, kv = 2, hd = 64, layers = 2;
        var rng = new Random(seed);
        string path = Path.Combine(Path.GetTempPath(), "deliberate-model-tests", $"synth-{matrixType}-{downAndHeadType}-{Environment.ProcessId}.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var w = new GgufWriter();
        w.Add("general.architecture", "qwen3");
        w.Add("qwen3.context_length", 256u);
        w.Add("qwen3.embedding_length", (uint)embd);
        w.Add("qwen3.block_count", (uint)layers);
        w.Add("qwen3.feed_forward_length", (uint)ff);
        w.Add("qwen3.attention.head_count", (uint)heads);
        w.Add("qwen3.attention.head_count_kv", (uint)kv);
        w.Add("qwen3.attention.key_length", (uint)hd);
        w.Add("qwen3.attention.value_length", (uint)hd);
        w.Add("qwen3.attention.layer_norm_rms_epsilon", 1e-6f);
        w.Add("qwen3.rope.freq_base", 1000000f);
        w.Add("tokenizer.ggml.model", "gpt2");
        w.Add("tokenizer.ggml.pre", "qwen2");
        w.Add("tokenizer.ggml.tokens", Enumerable.Range(0, Vocab - 1).Select(i => ((char)('!' + i)).ToString()).Append("\u010A").ToArray());
        w.Add("tokenizer.ggml.token_type", Enumerable.Repeat(1, Vocab).ToArray());
        w.Add("tokenizer.ggml.merges", new[] { "! \"" });
        w.Add("tokenizer.ggml.bos_token_id", 0u);
        w.Add("tokenizer.ggml.eos_token_id", 1u);

        void Vector(string name, int n, float center, float scale) =>
            w.AddTensor(name, GgmlType.F32, [n], Floats(rng, n, center, scale).SelectMany(BitConverter.GetBytes).ToArray());
        void Matrix(string name, int rows, int cols, GgmlType type, float scale)
        {
            var values = Floats(rng, rows * cols, 0, scale);
            var bytes = new byte[GgufWriter.ByteCount(type, [cols, rows])];
            Quantizer.Quantize(type, values, bytes);
            w.AddTensor(name, type, [cols, rows], bytes);
        }

        Matrix("token_embd.weight", Vocab, embd, matrixType, 1f);
        Vector("output_norm.weight", embd, 1, 0.1f);
        Matrix("output.weight", Vocab, embd, downAndHeadType, 0.1f);
        for (int l = 0; l < layers; l++)
        {
            string p = $"blk.{l}.";
            Vector(p + "attn_norm.weight", embd, 1, 0.1f);
            Matrix(p + "attn_q.weight", heads * hd, embd, matrixType, 0.08f);
            Matrix(p + "attn_k.weight", kv * hd, embd, matrixType, 0.08f);
            Matrix(p + "attn_v.weight", kv * hd, embd, matrixType, 0.08f);
            Matrix(p + "attn_output.weight", embd, heads * hd, matrixType, 0.08f);
            Vector(p + "attn_q_norm.weight", hd, 1, 0.1f);
            Vector(p + "attn_k_norm.weight", hd, 1, 0.1f);
            Vector(p + "ffn_norm.weight", embd, 1, 0.1f);
            Matrix(p + "ffn_gate.weight", ff, embd, matrixType, 0.08f);
            Matrix(p + "ffn_up.weight", ff, embd, matrixType, 0.08f);
            Matrix(p + "ffn_down.weight", embd, ff, downAndHeadType, 0.06f);
        }
        w.WriteTo(path);
        return path;
    }

    private static float[] Floats(Random rng, int n, float center, float scale)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
            v[i] = center + scale * (float)(rng.NextDouble() * 2 - 1);
        return v;
    }
}
