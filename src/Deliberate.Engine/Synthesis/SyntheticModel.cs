using System.Runtime.InteropServices;
using Deliberate.Engine.Conversion;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Synthesis;

/// <summary>
/// Writes random-weight GGUF models of real architectures: llama.cpp's tensor names and shapes, its metadata keys,
/// a real or synthetic vocabulary and a chat template. Weights are seeded, uniform with the variance of a
/// 1/sqrt(fan_in) initialisation so activations and logits stay in a realistic range; norm weights scatter around 1
/// so a missing or misplaced norm changes the output. Data is generated and encoded tensor by tensor while the file
/// is written, so a 1.7B-parameter file never sits in memory.
/// </summary>
public static class SyntheticModel
{
    /// <summary>Output formats: a plain type for every matrix, or a llama-quantize mix.</summary>
    public static IReadOnlyList<string> Types { get; } = ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_k_m", "q5_k_m", "q6_k"];

    public static void Write(string path, SynthShape shape, string type, ulong seed = 1, TokenizerData? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        // A given vocabulary decides the output width; the synthetic one is padded to the shape's.
        vocabulary ??= SyntheticVocabulary.Create(shape.Vocab);
        shape = shape with { Vocab = vocabulary.VocabSize };
        var tensors = Tensors(shape);
        var (types, fileType) = ChooseTypes(tensors, type);
        var writer = new GgufWriter();
        foreach (var (key, value) in HfGgufMetadata.For(ConfigOf(shape), $"synthetic {shape.Architecture} {type}"))
        {
            writer.Add(key, value);
        }

        writer.Add("general.file_type", fileType);
        if (types.Any(t => t is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16)))
        {
            writer.Add("general.quantization_version", 2u);
        }

        foreach (var (key, value) in TokenizerGgufMetadata.For(vocabulary))
        {
            writer.Add(key, value);
        }

        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            var target = types[i];
            var tensorSeed = seed * 1_000_003 + (ulong)i;
            writer.AddTensor(tensor.Name, target, tensor.Dimensions, stream => WriteData(stream, tensor, target, tensorSeed));
        }

        writer.WriteTo(path);
    }

    /// <summary>A tensor to synthesise: ggml dimensions (ne0 first) and how its values are drawn.</summary>
    internal sealed record SynthTensor(string Name, long[] Dimensions, SynthInit Init, float Scale);

    internal enum SynthInit
    {
        Uniform,
        AroundOne,
        RopeFactors,
    }

    internal static List<SynthTensor> Tensors(SynthShape s)
    {
        var q = s.Heads * s.HeadDim;
        var kv = s.KvHeads * s.HeadDim;
        var list = new List<SynthTensor> { Matrix("token_embd.weight", s.Hidden, s.Vocab, s.Hidden) };
        if (s.Llama3RopeScaling)
        {
            list.Add(new SynthTensor("rope_freqs.weight", [s.HeadDim / 2], SynthInit.RopeFactors, 0));
        }

        for (var layer = 0; layer < s.Layers; layer++)
        {
            var p = $"blk.{layer}.";
            list.Add(Norm(p + "attn_norm.weight", s.Hidden));
            list.Add(Matrix(p + "attn_q.weight", s.Hidden, q, s.Hidden));
            list.Add(Matrix(p + "attn_k.weight", s.Hidden, kv, s.Hidden));
            list.Add(Matrix(p + "attn_v.weight", s.Hidden, kv, s.Hidden));
            if (s.Architecture == "qwen2")
            {
                list.Add(new SynthTensor(p + "attn_q.bias", [q], SynthInit.Uniform, 0.1f));
                list.Add(new SynthTensor(p + "attn_k.bias", [kv], SynthInit.Uniform, 0.1f));
                list.Add(new SynthTensor(p + "attn_v.bias", [kv], SynthInit.Uniform, 0.1f));
            }

            if (s.Architecture == "qwen3")
            {
                list.Add(Norm(p + "attn_q_norm.weight", s.HeadDim));
                list.Add(Norm(p + "attn_k_norm.weight", s.HeadDim));
            }

            list.Add(Matrix(p + "attn_output.weight", q, s.Hidden, q));
            list.Add(Norm(p + "ffn_norm.weight", s.Hidden));
            list.Add(Matrix(p + "ffn_gate.weight", s.Hidden, s.FeedForward, s.Hidden));
            list.Add(Matrix(p + "ffn_up.weight", s.Hidden, s.FeedForward, s.Hidden));
            list.Add(Matrix(p + "ffn_down.weight", s.FeedForward, s.Hidden, s.FeedForward));
        }

        list.Add(Norm("output_norm.weight", s.Hidden));
        if (!s.TiedEmbeddings)
        {
            list.Add(Matrix("output.weight", s.Hidden, s.Vocab, s.Hidden));
        }

        return list;

        static SynthTensor Matrix(string name, int cols, int rows, int fanIn) => new(name, [cols, rows], SynthInit.Uniform, 1 / MathF.Sqrt(fanIn));

        static SynthTensor Norm(string name, int length) => new(name, [length], SynthInit.AroundOne, 0.1f);
    }

    private static (GgmlType[] Types, uint FileType) ChooseTypes(List<SynthTensor> tensors, string type)
    {
        GgmlType Plain(SynthTensor t, GgmlType matrixType) => t.Dimensions.Length > 1 ? matrixType : GgmlType.F32;
        switch (type)
        {
            case "f32":
                return ([.. tensors.Select(t => GgmlType.F32)], 0);
            case "f16":
                return ([.. tensors.Select(t => Plain(t, GgmlType.F16))], 1);
            case "bf16":
                return ([.. tensors.Select(t => Plain(t, GgmlType.BF16))], 32);
            default:
                var mix = QuantizationMixes.Parse(type);
                var shapes = tensors.Select(t => new TensorShape(t.Name, GgmlType.F32, t.Dimensions)).ToList();
                return (QuantizationPlan.TargetTypes(mix, shapes), mix.FileType());
        }
    }

    private static HfModelConfig ConfigOf(SynthShape s) => new()
    {
        Architecture = s.Architecture,
        HiddenSize = s.Hidden,
        IntermediateSize = s.FeedForward,
        LayerCount = s.Layers,
        HeadCount = s.Heads,
        KvHeadCount = s.KvHeads,
        HeadDim = s.HeadDim,
        VocabSize = s.Vocab,
        ContextLength = s.ContextLength,
        RmsNormEps = s.RmsNormEps,
        RopeTheta = s.RopeTheta,
        TieWordEmbeddings = s.TiedEmbeddings,
        RopeScalingType = s.Llama3RopeScaling ? "llama3" : null,
        RopeScalingFactor = 32,
        RopeScalingOriginalContext = 8192,
    };

    private static void WriteData(Stream stream, SynthTensor tensor, GgmlType type, ulong seed)
    {
        var cols = (int)tensor.Dimensions[0];
        var rows = tensor.Dimensions.Length > 1 ? (int)tensor.Dimensions[1] : 1;
        var random = new Random((int)(seed % int.MaxValue));
        var info = GgmlTypeInfo.Get(type);
        var rowBytes = (int)info.RowBytes(cols);
        const int ChunkRows = 64;
        var values = new float[cols];
        var encoded = new byte[rowBytes * Math.Min(rows, ChunkRows)];
        var filled = 0;
        for (var r = 0; r < rows; r++)
        {
            Fill(values, tensor, random);
            Encode(values, type, encoded.AsSpan(filled * rowBytes, rowBytes));
            if (++filled == ChunkRows || r == rows - 1)
            {
                stream.Write(encoded, 0, filled * rowBytes);
                filled = 0;
            }
        }
    }

    private static void Fill(Span<float> values, SynthTensor tensor, Random random)
    {
        switch (tensor.Init)
        {
            case SynthInit.RopeFactors:
                // A smooth ramp from 1 to 32, the shape llama3 scaling produces.
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = 1 + (31f * i / Math.Max(1, values.Length - 1));
                }

                break;
            case SynthInit.AroundOne:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = 1 + (tensor.Scale * ((random.NextSingle() * 2) - 1));
                }

                break;
            default:
                // Uniform on [-a, a] has standard deviation a / sqrt(3).
                var a = tensor.Scale * MathF.Sqrt(3);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = a * ((random.NextSingle() * 2) - 1);
                }

                break;
        }
    }

    private static void Encode(ReadOnlySpan<float> values, GgmlType type, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(values).CopyTo(destination);
                break;
            case GgmlType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(destination);
                for (var i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }

                break;
            case GgmlType.BF16:
                var bf16 = MemoryMarshal.Cast<byte, ushort>(destination);
                for (var i = 0; i < values.Length; i++)
                {
                    // Round to nearest even, as ggml's fp32_to_bf16 does for finite values.
                    var bits = BitConverter.SingleToUInt32Bits(values[i]);
                    bf16[i] = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
                }

                break;
            default:
                Quantizer.Quantize(type, values, destination);
                break;
        }
    }
}
