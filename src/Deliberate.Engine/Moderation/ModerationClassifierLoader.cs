using System.Runtime.InteropServices;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Moderation;

/// <summary>Reads and checks a classifier file: every value the scorer relies on is validated before use.</summary>
internal static class ModerationClassifierLoader
{
    private const string Prefix = ModerationClassifier.Architecture + ".";
    private const int MaxBuckets = 1 << 24;
    private const int MaxCharGram = 8;

    public static ModerationClassifier Read(GgufFile file)
    {
        var metadata = file.Metadata;
        var architecture = metadata.GetString("general.architecture");
        if (architecture != ModerationClassifier.Architecture)
        {
            throw Bad(metadata, "general.architecture", $"architecture is '{architecture}', not '{ModerationClassifier.Architecture}'");
        }

        var version = metadata.GetUInt32(Prefix + "feature_version");
        if (version != ModerationClassifier.FeatureVersion)
        {
            throw Bad(metadata, Prefix + "feature_version", $"feature version {version} is not the one this engine implements ({ModerationClassifier.FeatureVersion})");
        }

        var buckets = (int)Range(metadata, Prefix + "buckets", 1, MaxBuckets);
        var charMin = (int)Range(metadata, Prefix + "char_ngram_min", 1, MaxCharGram);
        var charMax = (int)Range(metadata, Prefix + "char_ngram_max", charMin, MaxCharGram);
        var names = metadata.GetStringArray(Prefix + "categories");
        if (names.Length == 0)
        {
            throw Bad(metadata, Prefix + "categories", "no category");
        }

        var index = new int[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            index[c] = ModerationCategories.IndexOf(names[c]);
            if (index[c] < 0 || Array.IndexOf(index, index[c], 0, c) >= 0)
            {
                throw Bad(metadata, Prefix + "categories", index[c] < 0 ? $"'{Truncate(names[c])}' is not a moderation category" : $"'{names[c]}' is listed twice");
            }
        }

        var thresholds = metadata.GetFloat32Array(Prefix + "thresholds");
        if (thresholds.Length != names.Length || thresholds.Any(t => !(t > 0 && t < 1)))
        {
            throw Bad(metadata, Prefix + "thresholds", $"expected {names.Length} thresholds strictly between 0 and 1");
        }

        var weight = Tensor(file, "moderation.weight", [names.Length, buckets]);
        var bias = Tensor(file, "moderation.bias", [names.Length]);
        return new ModerationClassifier(new ModerationFeaturizer(buckets, charMin, charMax), index, thresholds, weight, bias);
    }

    private static float[] Tensor(GgufFile file, string name, long[] dimensions)
    {
        var tensor = file.FindTensor(name) ?? throw new GgufFormatException(0, $"tensor '{name}' is missing");
        if (tensor.Type != GgmlType.F32 || !tensor.Dimensions.SequenceEqual(dimensions))
        {
            throw new GgufFormatException(tensor.RecordOffset,
                $"tensor '{name}' is {tensor.Type} {tensor.ShapeText}; expected F32 [{string.Join(", ", dimensions)}]");
        }

        var values = MemoryMarshal.Cast<byte, float>(file.GetTensorBytes(tensor)).ToArray();
        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new GgufFormatException(file.DataOffset + tensor.Offset + (4L * bad), $"tensor '{name}' element {bad} is {values[bad]}");
        }

        return values;
    }

    private static long Range(GgufMetadata metadata, string key, long min, long max)
    {
        var value = metadata.GetUInt32(key);
        return value >= min && value <= max ? value : throw Bad(metadata, key, $"{key} = {value} is outside {min}..{max}");
    }

    private static GgufFormatException Bad(GgufMetadata metadata, string key, string problem) => new(Math.Max(0, metadata.OffsetOf(key)), problem);

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
