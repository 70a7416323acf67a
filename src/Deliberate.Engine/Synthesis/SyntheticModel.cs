using Deliberate.Engine.Conversion;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Tensors;
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
    public static IReadOnlyList<string> Types => TensorEncoding.Formats;

    /// <summary>
    /// Writes the model to <paramref name="path"/>; <paramref name="budgets"/>, when given, are stored as the file's
    /// thinking budgets, as <c>deliberate convert --budgets</c> stores them.
    /// </summary>
    public static void Write(string path, SynthShape shape, string type, ulong seed = 1, TokenizerData? vocabulary = null, EffortBudgets? budgets = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        // A given vocabulary decides the output width; the synthetic one is padded to the shape's.
        vocabulary ??= SyntheticVocabulary.Create(shape.Vocab);
        shape = shape with { Vocab = vocabulary.VocabSize };
        var tensors = Tensors(shape);
        var (types, fileType) = TensorEncoding.ChooseTypes([.. tensors.Select(t => (t.Name, t.Dimensions))], type);
        var writer = new GgufWriter();
        foreach (var (key, value) in HfGgufMetadata.For(ConfigOf(shape), $"synthetic {shape.Architecture} {type}"))
        {
            writer.Add(key, value);
        }

        writer.Add("general.file_type", fileType);
        if (TensorEncoding.IsQuantized(types))
        {
            writer.Add("general.quantization_version", 2u);
        }

        foreach (var (key, value) in TokenizerGgufMetadata.For(vocabulary))
        {
            writer.Add(key, value);
        }

        budgets?.WriteTo(writer);

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
        var list = new List<SynthTensor> { Matrix(TensorNames.TokenEmbedding, s.Hidden, s.Vocab, s.Hidden) };
        if (s.Llama3RopeScaling)
        {
            list.Add(new SynthTensor(TensorNames.RopeFrequencies, [s.HeadDim / 2], SynthInit.RopeFactors, 0));
        }

        for (var layer = 0; layer < s.Layers; layer++)
        {
            string Name(string suffix) => TensorNames.Block(layer, suffix);
            list.Add(Norm(Name(TensorNames.AttentionNorm), s.Hidden));
            list.Add(Matrix(Name(TensorNames.Query), s.Hidden, q, s.Hidden));
            list.Add(Matrix(Name(TensorNames.Key), s.Hidden, kv, s.Hidden));
            list.Add(Matrix(Name(TensorNames.Value), s.Hidden, kv, s.Hidden));
            if (s.Architecture.QkvBias)
            {
                list.Add(new SynthTensor(Name(TensorNames.QueryBias), [q], SynthInit.Uniform, 0.1f));
                list.Add(new SynthTensor(Name(TensorNames.KeyBias), [kv], SynthInit.Uniform, 0.1f));
                list.Add(new SynthTensor(Name(TensorNames.ValueBias), [kv], SynthInit.Uniform, 0.1f));
            }

            if (s.Architecture.QkNorm)
            {
                list.Add(Norm(Name(TensorNames.QueryNorm), s.HeadDim));
                list.Add(Norm(Name(TensorNames.KeyNorm), s.HeadDim));
            }

            list.Add(Matrix(Name(TensorNames.AttentionOutput), q, s.Hidden, q));
            list.Add(Norm(Name(TensorNames.FeedForwardNorm), s.Hidden));
            list.Add(Matrix(Name(TensorNames.Gate), s.Hidden, s.FeedForward, s.Hidden));
            list.Add(Matrix(Name(TensorNames.Up), s.Hidden, s.FeedForward, s.Hidden));
            list.Add(Matrix(Name(TensorNames.Down), s.FeedForward, s.Hidden, s.FeedForward));
        }

        list.Add(Norm(TensorNames.OutputNorm, s.Hidden));
        if (!s.TiedEmbeddings)
        {
            list.Add(Matrix(TensorNames.Output, s.Hidden, s.Vocab, s.Hidden));
        }

        return list;

        static SynthTensor Matrix(string name, int cols, int rows, int fanIn) => new(name, [cols, rows], SynthInit.Uniform, 1 / MathF.Sqrt(fanIn));

        static SynthTensor Norm(string name, int length) => new(name, [length], SynthInit.AroundOne, 0.1f);
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
            TensorEncoding.EncodeRow(values, type, encoded.AsSpan(filled * rowBytes, rowBytes));
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
}
