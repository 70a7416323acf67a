using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Compute;

namespace Deliberate.Engine.Models;

/// <summary>
/// Binds GGUF tensor names (llama.cpp spelling) to views, checking every shape against the config
/// before use so a malformed file fails here with the tensor's name rather than later out of bounds.
/// </summary>
public sealed class ModelWeights
{
    public required QuantizedMatrix TokenEmbedding { get; init; }

    public required float[] OutputNorm { get; init; }

    /// <summary>The LM head; equals <see cref="TokenEmbedding"/> when the file has no <c>output.weight</c> (tied).</summary>
    public required QuantizedMatrix Output { get; init; }

    public bool TiedOutput { get; init; }

    /// <summary>llama3 rope scaling: per-pair frequency divisors from <c>rope_freqs.weight</c>, or null.</summary>
    public float[]? RopeFrequencyFactors { get; init; }

    public required LayerWeights[] Layers { get; init; }

    /// <summary>Binds the tensors <paramref name="c"/>'s architecture calls for (its <see cref="ArchitectureTraits"/> row).</summary>
    public static ModelWeights Bind(IModelSource source, ModelConfig c)
    {
        var arch = c.Architecture;
        int embd = c.EmbeddingLength;
        var layers = new LayerWeights[c.LayerCount];
        for (int l = 0; l < layers.Length; l++)
        {
            string Name(string suffix) => TensorNames.Block(l, suffix);
            layers[l] = new LayerWeights
            {
                AttentionNorm = Vector(source, Name(TensorNames.AttentionNorm), embd),
                Query = Matrix(source, Name(TensorNames.Query), c.QueryWidth, embd),
                Key = Matrix(source, Name(TensorNames.Key), c.KvWidth, embd),
                Value = Matrix(source, Name(TensorNames.Value), c.ValueWidth, embd),
                Output = Matrix(source, Name(TensorNames.AttentionOutput), embd, c.HeadCount * c.ValueLength),
                QueryBias = arch.QkvBias ? Vector(source, Name(TensorNames.QueryBias), c.QueryWidth) : null,
                KeyBias = arch.QkvBias ? Vector(source, Name(TensorNames.KeyBias), c.KvWidth) : null,
                ValueBias = arch.QkvBias ? Vector(source, Name(TensorNames.ValueBias), c.ValueWidth) : null,
                QueryNorm = arch.QkNorm ? Vector(source, Name(TensorNames.QueryNorm), c.KeyLength) : null,
                KeyNorm = arch.QkNorm ? Vector(source, Name(TensorNames.KeyNorm), c.KeyLength) : null,
                FeedForwardNorm = Vector(source, Name(TensorNames.FeedForwardNorm), embd),
                Gate = Matrix(source, Name(TensorNames.Gate), c.FeedForwardLength, embd),
                Up = Matrix(source, Name(TensorNames.Up), c.FeedForwardLength, embd),
                Down = Matrix(source, Name(TensorNames.Down), embd, c.FeedForwardLength),
            };
        }
        var embedding = Matrix(source, TensorNames.TokenEmbedding, c.VocabularySize, embd);
        bool tied = arch.OutputMayBeTied && source.FindTensor(TensorNames.Output) is null;
        return new ModelWeights
        {
            TokenEmbedding = embedding,
            OutputNorm = Vector(source, TensorNames.OutputNorm, embd),
            Output = tied ? embedding : Matrix(source, TensorNames.Output, c.VocabularySize, embd),
            TiedOutput = tied,
            RopeFrequencyFactors = source.FindTensor(TensorNames.RopeFrequencies) is null ? null : Vector(source, TensorNames.RopeFrequencies, c.RopeDimensions / 2),
            Layers = layers,
        };
    }

    private static unsafe QuantizedMatrix Matrix(IModelSource source, string name, int rows, int cols)
    {
        var t = Require(source, name);
        if (t.Dimensions.Length != 2 || t.Dim(0) != cols || t.Dim(1) != rows)
            throw new ModelFormatException(name, $"wrong shape [{string.Join(", ", t.Dimensions)}], expected [{cols}, {rows}]");
        if (!Linear.IsSupported(t.Type))
            throw new ModelFormatException(name, $"tensor type {t.Type} is not supported yet");
        return new QuantizedMatrix(t.Data, t.Type, rows, cols);
    }

    private static unsafe float[] Vector(IModelSource source, string name, int length)
    {
        var t = Require(source, name);
        if (t.Dimensions.Length != 1 || t.Dim(0) != length)
            throw new ModelFormatException(name, $"wrong shape [{string.Join(", ", t.Dimensions)}], expected [{length}]");
        if (t.Type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16))
            throw new ModelFormatException(name, $"vector of type {t.Type}; expected F32/F16/BF16");
        var result = new float[length];
        fixed (float* dst = result)
            Linear.DequantizeRow(t.Type, t.Data, dst, length);
        return result;
    }

    private static ModelTensor Require(IModelSource source, string name) =>
        source.FindTensor(name) ?? throw new ModelFormatException(name, "missing tensor");
}
