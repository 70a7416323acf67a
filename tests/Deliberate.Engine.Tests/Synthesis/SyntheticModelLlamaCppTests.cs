using Deliberate.Engine.Gguf;
using Deliberate.Engine.Synthesis;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Deliberate.Engine.Tests.Synthesis;

/// <summary>llama.cpp (LLamaSharp, in-process) loads what synth writes, runs it, and reads the same shape we wrote.</summary>
public class SyntheticModelLlamaCppTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "qwen3", "f32" }, { "qwen3", "f16" }, { "qwen3", "bf16" }, { "qwen3", "q8_0" }, { "qwen3", "q4_k_m" },
        { "qwen2", "f32" }, { "qwen2", "q6_k" },
        { "llama", "f32" }, { "llama", "q5_k_m" }, { "llama", "q4_0" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void LlamaCppLoadsAndEvaluatesSyntheticModels(string arch, string type)
    {
        var path = Path.Combine(Path.GetTempPath(), $"deliberate-synth-{arch}-{type}-{Environment.ProcessId}.gguf");
        var shape = SynthShape.Get(arch, "tiny");
        SyntheticModel.Write(path, shape, type, seed: 7);
        try
        {
            using var ours = GgufFile.Open(path);
            // convert_hf_to_gguf.py writes token types as INT32; newer llama.cpp than LLamaSharp's rejects any other type.
            Assert.Equal(GgufValueType.Int32, ours.Metadata["tokenizer.ggml.token_type"].ElementType);
            using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0, ContextSize = 128 });
            Assert.Equal(shape.Hidden, weights.EmbeddingSize);
            Assert.Equal(shape.Layers, weights.NativeHandle.LayerCount);
            Assert.Equal(ours.Metadata.GetStringArray("tokenizer.ggml.tokens").Length, weights.Vocab.Count);

            using var context = weights.CreateContext(new ModelParams(path) { GpuLayerCount = 0, ContextSize = 128, BatchSize = 64, Threads = 2 });
            var tokens = context.Tokenize("The quick brown fox thinks before it answers.", addBos: true, special: true);
            Assert.NotEmpty(tokens);
            var batch = new LLamaBatch();
            for (var i = 0; i < tokens.Length; i++)
            {
                batch.Add(tokens[i], i, LLamaSeqId.Zero, i == tokens.Length - 1);
            }

            Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
            var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1);
            Assert.Equal(weights.Vocab.Count, logits.Length);
            Assert.All(logits.ToArray(), l => Assert.True(float.IsFinite(l)));
            Assert.True(logits.ToArray().Max() - logits.ToArray().Min() > 0.1f, "logits are flat: the weights did not reach the output");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
