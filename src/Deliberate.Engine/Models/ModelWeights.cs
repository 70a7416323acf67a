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

    public static ModelWeights Bind(IModelSource source, ModelConfig c, bool hasQkvBias, bool hasQkNorm)
    {
        int embd = c.EmbeddingLength;
        var layers = new LayerWeights[c.LayerCount];
        for (int l = 0; l < layers.Length; l++)
        {
            string p = $"blk.{l}.";
            layers[l] = new LayerWeights
            {
                AttentionNorm = Vector(source, p + "attn_norm.weight", embd),
                Query = Matrix(source, p + "attn_q.weight", c.QueryWidth, embd),
                Key = Matrix(source, p + "attn_k.weight", c.KvWidth, embd),
                Value = Matrix(source, p + "attn_v.weight", c.ValueWidth, embd),
                Output = Matrix(source, p + "attn_output.weight", embd, c.HeadCount * c.ValueLength),
                QueryBias = hasQkvBias ? Vector(source, p + "attn_q.bias", c.QueryWidth) : null,
                KeyBias = hasQkvBias ? Vector(source, p + "attn_k.bias", c.KvWidth) : null,
                ValueBias = hasQkvBias ? Vector(source, p + "attn_v.bias", c.ValueWidth) : null,
                QueryNorm = hasQkNorm ? Vector(source, p + "attn_q_norm.weight", c.KeyLength) : null,
                KeyNorm = hasQkNorm ? Vector(source, p + "attn_k_norm.weight", c.KeyLength) : null,
                FeedForwardNorm = Vector(source, p + "ffn_norm.weight", embd),
                Gate = Matrix(source, p + "ffn_gate.weight", c.FeedForwardLength, embd),
                Up = Matrix(source, p + "ffn_up.weight", c.FeedForwardLength, embd),
                Down = Matrix(source, p + "ffn_down.weight", embd, c.FeedForwardLength),
            };
        }
        var embedding = Matrix(source, "token_embd.weight", c.VocabularySize, embd);
        bool tied = source.FindTensor("output.weight") is null;
        return new ModelWeights
        {
            TokenEmbedding = embedding,
            OutputNorm = Vector(source, "output_norm.weight", embd),
            Output = tied ? embedding : Matrix(source, "output.weight", c.VocabularySize, embd),
            TiedOutput = tied,
            RopeFrequencyFactors = source.FindTensor("rope_freqs.weight") is null ? null : Vector(source, "rope_freqs.weight", c.RopeDimensions / 2),
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
