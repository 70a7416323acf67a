using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Tensors;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// The same GGUF run by llama.cpp in-process (LLamaSharp 0.30.0, CPU, f32 KV cache) and by our engine: logits at the
/// last prompt position and after each of several greedy decode steps, and identical greedy continuations.
/// </summary>
public sealed class LlamaCppReferenceTests
{
    internal const int DecodeSteps = 32;

    [Theory]
    [InlineData("llama", GgmlType.F32, 1e-3f)]
    [InlineData("qwen2", GgmlType.F32, 1e-3f)]
    [InlineData("qwen3", GgmlType.F32, 1e-3f)]
    // llama.cpp rounds activations to f16/bf16 before the dot product on half weights; we keep them f32
    [InlineData("llama", GgmlType.F16, 1e-2f)]
    [InlineData("qwen2", GgmlType.F16, 1e-2f)]
    [InlineData("qwen3", GgmlType.BF16, 3e-2f)]
    public void LogitsAndGreedyContinuationMatchLlamaCpp(string arch, GgmlType type, float budget) =>
        Compare(FixtureGguf.Write(arch, type), $"{arch} {type}", budget, sameTokens: true);

    /// <summary>
    /// Quantized weights: llama.cpp and we run the same integer dot products (activations quantized to Q8_0/Q8_K), so
    /// only summation order differs; budget 2e-2 x logit range, and the same top-1 token at every step.
    /// </summary>
    [Theory]
    [InlineData(GgmlType.Q8_0, GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_K, GgmlType.Q6_K)]
    public void QuantizedLogitsMatchLlamaCpp(GgmlType matrices, GgmlType downAndHead) =>
        Compare(SynthGguf.Write(matrices, downAndHead), $"synth {matrices}/{downAndHead}", 2e-2f, sameTokens: true);

    internal static readonly int[] Prompt = [1, 7, 3, 30, 12, 5];

    /// <summary>
    /// An f16 KV cache on both sides (llama.cpp's default): llama.cpp also rounds the query and the attention weights to
    /// f16 for its f16 dots, we keep them f32, so the budget is the F16-weights one; greedy tokens must still agree.
    /// </summary>
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama")]
    public void HalfPrecisionKvCacheMatchesLlamaCpp(string arch) =>
        Compare(FixtureGguf.Write(arch, GgmlType.F32), $"{arch} f16 KV", 1e-2f, sameTokens: true, GgmlType.F16);

    /// <summary>A bf16 KV cache on both sides: eight mantissa bits per key and value, so a looser budget; same tokens.</summary>
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama")]
    public void BFloat16KvCacheMatchesLlamaCpp(string arch) =>
        Compare(FixtureGguf.Write(arch, GgmlType.F32), $"{arch} bf16 KV", 2e-2f, sameTokens: true, GgmlType.BF16);

    internal static void Compare(string path, string what, float budget, bool sameTokens, GgmlType cacheType = GgmlType.F32)
    {
        try
        {
            var reference = RunLlamaCpp(path, Prompt, DecodeSteps, cacheType);
            var ours = RunOurs(path, Prompt, DecodeSteps, cacheType);
            if (sameTokens)
                Assert.Equal(reference.Tokens, ours.Tokens);
            for (int i = 0; i < ours.Logits.Count; i++)
                TorchReferenceTests.AssertClose(reference.Logits[i], ours.Logits[i], budget, $"{what} step {i}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Greedy decode in our engine; logits of the last prompt position, then of each decoded token.</summary>
    internal static Reference RunOurs(string path, int[] prompt, int steps, GgmlType cacheType = GgmlType.F32)
    {
        using var file = GgufFile.Open(path);
        using var model = TransformerModel.Load(file, threads: 2);
        var seq = model.CreateSequence(64, cacheType);
        var state = model.CreateState(prompt.Length, 1);
        model.Forward(prompt.Select((t, i) => new BatchToken(seq, t, i == prompt.Length - 1)).ToArray(), state);
        return Greedy(state.GetLogits(0).ToArray(), steps, (next, _) =>
        {
            model.Forward([new BatchToken(seq, next, true)], state);
            return state.GetLogits(0).ToArray();
        });
    }

    /// <summary>Greedy continuation from the prompt's logits; <paramref name="decode"/>(token, step) returns the next logits.</summary>
    private static Reference Greedy(float[] promptLogits, int steps, Func<int, int, float[]> decode)
    {
        var logits = new List<float[]> { promptLogits };
        var tokens = new List<int>();
        for (int step = 0; step < steps; step++)
        {
            int next = TorchReferenceTests.ArgMax(logits[^1]);
            tokens.Add(next);
            if (step == steps - 1)
                break;
            logits.Add(decode(next, step));
        }
        return new Reference(logits, tokens);
    }

    internal sealed record Reference(List<float[]> Logits, List<int> Tokens);

    /// <summary>Greedy decode in llama.cpp; logits of the last prompt position, then of each decoded token.</summary>
    internal static Reference RunLlamaCpp(string path, int[] prompt, int steps, GgmlType cacheType = GgmlType.F32)
    {
        var kvType = cacheType switch
        {
            GgmlType.F16 => GGMLType.GGML_TYPE_F16,
            GgmlType.BF16 => (GGMLType)(int)GgmlType.BF16, // ggml type 30: LLamaSharp 0.30 has no enum member for it
            _ => GGMLType.GGML_TYPE_F32,
        };
        var parameters = new ModelParams(path)
        {
            ContextSize = 512,
            BatchSize = 512,
            GpuLayerCount = 0,
            Threads = 2,
            TypeK = kvType,
            TypeV = kvType,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        for (int i = 0; i < prompt.Length; i++)
            batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
        Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
        return Greedy(context.NativeHandle.GetLogitsIth(prompt.Length - 1).ToArray(), steps, (next, step) =>
        {
            batch.Clear();
            batch.Add(next, prompt.Length + step, LLamaSeqId.Zero, true);
            Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
            return context.NativeHandle.GetLogitsIth(0).ToArray();
        });
    }
}
