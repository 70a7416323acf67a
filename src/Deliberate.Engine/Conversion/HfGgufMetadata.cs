namespace Deliberate.Engine.Conversion;

/// <summary>
/// The architecture metadata llama.cpp reads for llama, qwen2 and qwen3 GGUF files, derived from a HF config.
/// Values are plain .NET values: <see cref="string"/>, <see cref="uint"/> and <see cref="float"/>.
/// </summary>
public static class HfGgufMetadata
{
    public static IReadOnlyList<KeyValuePair<string, object>> For(HfModelConfig config, string name)
    {
        ArgumentNullException.ThrowIfNull(config);
        var arch = config.Architecture.Name;
        var entries = new List<KeyValuePair<string, object>>
        {
            new("general.architecture", arch),
            new("general.name", name),
            new($"{arch}.context_length", (uint)config.ContextLength),
            new($"{arch}.embedding_length", (uint)config.HiddenSize),
            new($"{arch}.feed_forward_length", (uint)config.IntermediateSize),
            new($"{arch}.block_count", (uint)config.LayerCount),
            new($"{arch}.attention.head_count", (uint)config.HeadCount),
            new($"{arch}.attention.head_count_kv", (uint)config.KvHeadCount),
            new($"{arch}.attention.layer_norm_rms_epsilon", config.RmsNormEps),
            new($"{arch}.rope.freq_base", config.RopeTheta),
            new($"{arch}.attention.key_length", (uint)config.HeadDim),
            new($"{arch}.attention.value_length", (uint)config.HeadDim),
            new($"{arch}.rope.dimension_count", (uint)config.HeadDim),
            new($"{arch}.vocab_size", (uint)config.VocabSize),
        };

        switch (config.RopeScalingType)
        {
            case "linear":
                entries.Add(new($"{arch}.rope.scaling.type", "linear"));
                entries.Add(new($"{arch}.rope.scaling.factor", config.RopeScalingFactor));
                break;
            case "yarn":
                entries.Add(new($"{arch}.rope.scaling.type", "yarn"));
                entries.Add(new($"{arch}.rope.scaling.factor", config.RopeScalingFactor));
                entries.Add(new($"{arch}.rope.scaling.original_context_length", (uint)config.RopeScalingOriginalContext));
                break;
            case "llama3" or null or "default":
                // llama3 scaling travels as the rope_freqs tensor (Llama3RopeFactors), not as keys.
                break;
            default:
                throw new InvalidDataException($"rope scaling '{config.RopeScalingType}' is not supported (linear, yarn, llama3)");
        }

        return entries;
    }
}
