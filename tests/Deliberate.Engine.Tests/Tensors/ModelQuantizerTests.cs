using Deliberate.Engine.Gguf;
using Deliberate.Engine.Quantization;
using Deliberate.Engine.Synthesis;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>
/// `deliberate quantize` end to end: a tiny F32 qwen3 GGUF is quantized; the output has the planned types and
/// the input's shapes and metadata, dequantizes close to the input, and llama.cpp (LLamaSharp) loads it and
/// produces logits that track the F32 model's.
/// </summary>
public sealed class ModelQuantizerTests : IDisposable
{
    private readonly string _input = Path.Combine(Path.GetTempPath(), $"deliberate-quantize-in-{Environment.ProcessId}-{Guid.NewGuid():N}.gguf");
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"deliberate-quantize-out-{Environment.ProcessId}-{Guid.NewGuid():N}.gguf");

    public ModelQuantizerTests() => SyntheticModel.Write(_input, SynthShape.Get("qwen3", "tiny"), "f32", seed: 3);

    public void Dispose()
    {
        File.Delete(_input);
        File.Delete(_output);
    }

    /// <summary>Relative RMS error budgets per stored type for Gaussian weights (a few times the typical error; 1e-6 = must be lossless).</summary>
    private static double RelativeErrorBudget(GgmlType type) => type switch
    {
        GgmlType.Q8_0 => 0.01,
        GgmlType.Q6_K => 0.02,
        GgmlType.Q5_K or GgmlType.Q5_0 or GgmlType.Q5_1 => 0.05,
        GgmlType.Q4_K or GgmlType.Q4_0 => 0.1,
        _ => 1e-6,
    };

    [Theory]
    [InlineData("q8_0", 7u)]
    [InlineData("q4_k_m", 15u)]
    [InlineData("q6_k", 18u)]
    public void OutputHasPlannedTypesAndDequantizesCloseToInput(string mixName, uint fileType)
    {
        var mix = QuantizationMixes.Parse(mixName);
        var summary = ModelQuantizer.Quantize(_input, _output, mix);
        using var input = GgufFile.Open(_input);
        using var output = GgufFile.Open(_output);
        Assert.Equal(fileType, output.Metadata.GetUInt32("general.file_type"));
        Assert.Equal(input.Metadata.GetString("general.architecture"), output.Metadata.GetString("general.architecture"));
        Assert.Equal(input.Metadata.GetStringArray("tokenizer.ggml.tokens"), output.Metadata.GetStringArray("tokenizer.ggml.tokens"));
        var planned = QuantizationPlan.TargetTypes(mix, [.. input.Tensors.Select(t => new TensorShape(t.Name, t.Type, t.Dimensions))]);
        Assert.Equal(input.Tensors.Count, output.Tensors.Count);
        Assert.Equal(summary.TensorsPerType.Values.Sum(), output.Tensors.Count);
        for (var i = 0; i < input.Tensors.Count; i++)
        {
            var a = input.Tensors[i];
            var b = output.Tensors[i];
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Dimensions, b.Dimensions);
            Assert.Equal(planned[i], b.Type);
            if (a.Dimensions.Length == 1) Assert.Equal(GgmlType.F32, b.Type);

            var original = new float[a.ElementCount];
            var roundTrip = new float[a.ElementCount];
            Dequantizer.Dequantize(a.Type, input.GetTensorBytes(a), original);
            Dequantizer.Dequantize(b.Type, output.GetTensorBytes(b), roundTrip);
            double error = 0, norm = 0;
            for (var k = 0; k < original.Length; k++)
            {
                error += (double)(original[k] - roundTrip[k]) * (original[k] - roundTrip[k]);
                norm += (double)original[k] * original[k];
            }
            var relative = Math.Sqrt(error / Math.Max(norm, 1e-30));
            Assert.True(relative <= RelativeErrorBudget(b.Type), $"{b.Name} ({b.Type}): relative RMS error {relative:F5}");
        }
    }

    [Theory]
    [InlineData("q8_0", 0.999)]
    [InlineData("q4_k_m", 0.98)]
    [InlineData("q5_k_m", 0.99)]
    [InlineData("q6_k", 0.995)]
    public void LlamaCppLoadsTheOutputAndItsLogitsTrackTheF32Model(string mixName, double minCorrelation)
    {
        ModelQuantizer.Quantize(_input, _output, QuantizationMixes.Parse(mixName));
        var reference = Logits(_input);
        var quantized = Logits(_output);
        Assert.Equal(reference.Length, quantized.Length);
        Assert.All(quantized, l => Assert.True(float.IsFinite(l)));
        var correlation = Correlation(reference, quantized);
        Assert.True(correlation >= minCorrelation, $"{mixName}: logits correlation {correlation:F5}");
    }

    private static float[] Logits(string path)
    {
        var parameters = new ModelParams(path) { GpuLayerCount = 0, ContextSize = 128, BatchSize = 64, Threads = 2 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var tokens = context.Tokenize("Quantized weights should think alike.", addBos: true, special: true);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Length; i++) batch.Add(tokens[i], i, LLamaSeqId.Zero, i == tokens.Length - 1);
        Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
        return context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
