namespace Deliberate.Engine.Models;

/// <summary>
/// The blueprint of a model, read from file metadata and validated as hostile input
/// (docs/engine.md#hyperparameters): capped layer and head counts, GQA divisibility, even rotary width.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>llama.cpp's own limit on layers; larger values in a file are an attack, not a model.</summary>
    public const int MaxLayers = 512;

    public const int MaxHeads = 4096;

    public const int MaxWidth = 1 << 20;

    /// <summary>The architecture's row of traits (RoPE order, biases, QK-norm, tensors).</summary>
    public required ArchitectureTraits Architecture { get; init; }

    public required int EmbeddingLength { get; init; }

    public required int LayerCount { get; init; }

    public required int FeedForwardLength { get; init; }

    public required int HeadCount { get; init; }

    public required int HeadCountKv { get; init; }

    public required int KeyLength { get; init; }

    public required int ValueLength { get; init; }

    public required int RopeDimensions { get; init; }

    public required float RopeFreqBase { get; init; }

    public RopeScalingType RopeScaling { get; init; }

    /// <summary>1 / scaling factor (ggml <c>freq_scale</c>); 1 when unscaled.</summary>
    public float RopeFreqScale { get; init; } = 1f;

    public int RopeOriginalContext { get; init; }

    public float YarnAttnFactor { get; init; } = 1f;

    public float YarnBetaFast { get; init; } = 32f;

    public float YarnBetaSlow { get; init; } = 1f;

    public required float NormEpsilon { get; init; }

    public required int VocabularySize { get; init; }

    public required int TrainedContextLength { get; init; }

    public int QueryWidth => HeadCount * KeyLength;

    public int KvWidth => HeadCountKv * KeyLength;

    public int ValueWidth => HeadCountKv * ValueLength;

    public int HeadsPerKvHead => HeadCount / HeadCountKv;

    public static ModelConfig FromSource(IModelSource source)
    {
        var archName = source.GetString("general.architecture")
            ?? throw new ModelFormatException("general.architecture", "missing");
        var arch = ArchitectureTraits.Find(archName)
            ?? throw new ModelFormatException("general.architecture", $"unsupported architecture '{archName}' ({ArchitectureTraits.Names})");
        string K(string suffix) => $"{archName}.{suffix}";

        int embd = ReadInt(source, K("embedding_length"), null, 1, MaxWidth);
        int layers = ReadInt(source, K("block_count"), null, 1, MaxLayers);
        int ff = ReadInt(source, K("feed_forward_length"), null, 1, MaxWidth);
        int heads = ReadInt(source, K("attention.head_count"), null, 1, MaxHeads);
        int headsKv = ReadInt(source, K("attention.head_count_kv"), heads, 1, heads);
        if (heads % headsKv != 0)
            throw new ModelFormatException(K("attention.head_count_kv"), $"head_count {heads} is not a multiple of head_count_kv {headsKv}");
        int keyLen = ReadInt(source, K("attention.key_length"), embd % heads == 0 ? embd / heads : null, 1, MaxWidth);
        int valueLen = ReadInt(source, K("attention.value_length"), keyLen, 1, MaxWidth);
        if (valueLen != keyLen)
            throw new ModelFormatException(K("attention.value_length"), $"value_length {valueLen} != key_length {keyLen} is not supported");
        int nRot = ReadInt(source, K("rope.dimension_count"), keyLen, 2, keyLen);
        if (nRot % 2 != 0)
            throw new ModelFormatException(K("rope.dimension_count"), $"{nRot} is odd");
        float eps = source.GetFloat(K("attention.layer_norm_rms_epsilon")) ?? 1e-5f;
        if (!(eps > 0 && eps < 1))
            throw new ModelFormatException(K("attention.layer_norm_rms_epsilon"), $"{eps} out of range");
        float theta = source.GetFloat(K("rope.freq_base")) ?? 10000f;
        if (!(theta > 1 && float.IsFinite(theta)))
            throw new ModelFormatException(K("rope.freq_base"), $"{theta} out of range");
        int ctxTrain = ReadInt(source, K("context_length"), 4096, 1, int.MaxValue);

        var scaling = RopeScalingType.None;
        float freqScale = 1f;
        var scalingName = source.GetString(K("rope.scaling.type"));
        float? factor = source.GetFloat(K("rope.scaling.factor")) ?? source.GetFloat(K("rope.scale_linear"));
        switch (scalingName)
        {
            case null or "none":
                if (scalingName is null && source.GetFloat(K("rope.scale_linear")) is not null)
                    scaling = RopeScalingType.Linear;
                break;
            case "linear":
                scaling = RopeScalingType.Linear;
                break;
            case "yarn":
                scaling = RopeScalingType.Yarn;
                break;
            default:
                throw new ModelFormatException(K("rope.scaling.type"), $"unsupported rope scaling '{scalingName}'");
        }
        if (scaling != RopeScalingType.None)
        {
            if (factor is not { } f || !(f > 0 && float.IsFinite(f)))
                throw new ModelFormatException(K("rope.scaling.factor"), "missing or not positive");
            freqScale = 1f / f;
        }

        int vocab = source.FindTensor(TensorNames.TokenEmbedding) is { } embdTensor
            ? CheckedInt(embdTensor.Dim(1), TensorNames.TokenEmbedding)
            : throw new ModelFormatException(TensorNames.TokenEmbedding, "missing tensor");

        return new ModelConfig
        {
            Architecture = arch,
            EmbeddingLength = embd,
            LayerCount = layers,
            FeedForwardLength = ff,
            HeadCount = heads,
            HeadCountKv = headsKv,
            KeyLength = keyLen,
            ValueLength = valueLen,
            RopeDimensions = nRot,
            RopeFreqBase = theta,
            RopeScaling = scaling,
            RopeFreqScale = freqScale,
            RopeOriginalContext = ReadInt(source, K("rope.scaling.original_context_length"), ctxTrain, 1, int.MaxValue),
            YarnAttnFactor = source.GetFloat(K("rope.scaling.attn_factor")) ?? 1f,
            YarnBetaFast = source.GetFloat(K("rope.scaling.yarn_beta_fast")) ?? 32f,
            YarnBetaSlow = source.GetFloat(K("rope.scaling.yarn_beta_slow")) ?? 1f,
            NormEpsilon = eps,
            VocabularySize = vocab,
            TrainedContextLength = ctxTrain,
        };
    }

    private static int ReadInt(IModelSource source, string key, int? fallback, int min, int max)
    {
        long? value = source.GetInteger(key);
        if (value is null)
            return fallback ?? throw new ModelFormatException(key, "missing");
        if (value < min || value > max)
            throw new ModelFormatException(key, $"{value} outside [{min}, {max}]");
        return (int)value.Value;
    }

    internal static int CheckedInt(long value, string subject) =>
        value is > 0 and <= int.MaxValue ? (int)value : throw new ModelFormatException(subject, $"dimension {value} out of range");
}
