using System.Text.Json;
using Deliberate.Engine.Models;

namespace Deliberate.Engine.Conversion;

/// <summary>
/// The fields of a Hugging Face <c>config.json</c> that a llama-family checkpoint needs to become a GGUF file.
/// Field names follow transformers' <c>LlamaConfig</c>, <c>Qwen2Config</c> and <c>Qwen3Config</c>.
/// </summary>
public sealed record HfModelConfig
{
    /// <summary>The GGUF architecture the checkpoint's class converts to.</summary>
    public required ArchitectureTraits Architecture { get; init; }

    public required int HiddenSize { get; init; }

    public required int IntermediateSize { get; init; }

    public required int LayerCount { get; init; }

    public required int HeadCount { get; init; }

    public required int KvHeadCount { get; init; }

    public required int HeadDim { get; init; }

    public required int VocabSize { get; init; }

    public required int ContextLength { get; init; }

    public required float RmsNormEps { get; init; }

    public required float RopeTheta { get; init; }

    public required bool TieWordEmbeddings { get; init; }

    /// <summary>Rope scaling as transformers names it (<c>linear</c>, <c>yarn</c>, <c>llama3</c>), or null.</summary>
    public string? RopeScalingType { get; init; }

    public float RopeScalingFactor { get; init; } = 1;

    public int RopeScalingOriginalContext { get; init; }

    public float RopeLowFreqFactor { get; init; } = 1;

    public float RopeHighFreqFactor { get; init; } = 4;

    /// <summary>Caps that keep a hostile config from asking for absurd allocations.</summary>
    private const int MaxLayers = 512;
    private const int MaxDimension = 1 << 20;

    /// <summary>Reads and validates <c>config.json</c>; a bad file raises <see cref="InvalidDataException"/> naming the field.</summary>
    public static HfModelConfig Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 16 });
        return FromJson(document.RootElement, path);
    }

    /// <summary>Reads the fields from an already parsed <c>config.json</c> object.</summary>
    public static HfModelConfig FromJson(JsonElement root, string source = "config.json")
    {
        var architecture = ArchitectureOf(root, source);
        var hidden = Positive(root, "hidden_size", source, MaxDimension);
        var heads = Positive(root, "num_attention_heads", source, 4096);
        var kvHeads = root.TryGetProperty("num_key_value_heads", out var kv) && kv.ValueKind == JsonValueKind.Number
            ? Positive(root, "num_key_value_heads", source, 4096)
            : heads;
        if (heads % kvHeads != 0)
        {
            throw new InvalidDataException($"{source}: num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}");
        }

        var headDim = root.TryGetProperty("head_dim", out var hd) && hd.ValueKind == JsonValueKind.Number
            ? Positive(root, "head_dim", source, 4096)
            : hidden / heads;
        if (headDim % 2 != 0)
        {
            throw new InvalidDataException($"{source}: head_dim {headDim} must be even for rotary embeddings");
        }

        var config = new HfModelConfig
        {
            Architecture = architecture,
            HiddenSize = hidden,
            IntermediateSize = Positive(root, "intermediate_size", source, MaxDimension),
            LayerCount = Positive(root, "num_hidden_layers", source, MaxLayers),
            HeadCount = heads,
            KvHeadCount = kvHeads,
            HeadDim = headDim,
            VocabSize = Positive(root, "vocab_size", source, 1 << 22),
            ContextLength = Positive(root, "max_position_embeddings", source, 1 << 24),
            RmsNormEps = (float)Number(root, "rms_norm_eps", source, 1e-6),
            RopeTheta = (float)Number(root, "rope_theta", source, 10000),
            TieWordEmbeddings = root.TryGetProperty("tie_word_embeddings", out var tie) && tie.ValueKind == JsonValueKind.True,
        };

        if (root.TryGetProperty("rope_scaling", out var scaling) && scaling.ValueKind == JsonValueKind.Object)
        {
            var type = scaling.TryGetProperty("rope_type", out var t) ? t.GetString()
                : scaling.TryGetProperty("type", out var t2) ? t2.GetString() : null;
            config = config with
            {
                RopeScalingType = type,
                RopeScalingFactor = (float)Number(scaling, "factor", source, 1),
                RopeScalingOriginalContext = (int)Number(scaling, "original_max_position_embeddings", source, 0),
                RopeLowFreqFactor = (float)Number(scaling, "low_freq_factor", source, 1),
                RopeHighFreqFactor = (float)Number(scaling, "high_freq_factor", source, 4),
            };
        }

        return config;
    }

    private static ArchitectureTraits ArchitectureOf(JsonElement root, string source)
    {
        if (root.TryGetProperty("architectures", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
        {
            var name = list[0].ValueKind == JsonValueKind.String ? list[0].GetString() : list[0].GetRawText();
            return ArchitectureTraits.All.FirstOrDefault(a => a.HuggingFaceClasses.Contains(name))
                ?? throw new InvalidDataException($"{source}: architecture '{name}' is not supported "
                    + $"({string.Join(", ", ArchitectureTraits.All.SelectMany(a => a.HuggingFaceClasses))})");
        }

        throw new InvalidDataException($"{source}: 'architectures' is missing");
    }

    private static int Positive(JsonElement root, string name, string source, int max)
    {
        if (!root.TryGetProperty(name, out var value) || !value.TryGetInt32(out var number) || number <= 0 || number > max)
        {
            throw new InvalidDataException($"{source}: '{name}' must be an integer in 1..{max}");
        }

        return number;
    }

    private static double Number(JsonElement root, string name, string source, double fallback)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble()))
        {
            throw new InvalidDataException($"{source}: '{name}' must be a finite number");
        }

        return value.GetDouble();
    }
}
