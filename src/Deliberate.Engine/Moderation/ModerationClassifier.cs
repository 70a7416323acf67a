using Deliberate.Engine.Gguf;

namespace Deliberate.Engine.Moderation;

/// <summary>
/// The moderation classifier trained by <c>training/moderation</c>: one logistic regression per category over a
/// text's hashed n-grams (<see cref="ModerationFeaturizer"/>), scored per window of sentences
/// (<see cref="ModerationText.Windows"/>) and taken at the largest, so one harmful sentence is not diluted by pages
/// of harmless ones. Immutable after loading and safe to share between threads.
/// </summary>
public sealed class ModerationClassifier
{
    /// <summary><c>general.architecture</c> of a classifier file.</summary>
    public const string Architecture = "deliberate-moderation";

    /// <summary>The feature rules this engine implements (<c>FEATURE_VERSION</c> in features.py).</summary>
    public const int FeatureVersion = 1;

    private readonly ModerationFeaturizer _featurizer;
    private readonly int[] _categoryIndex;     // file category -> index in ModerationCategories.All
    private readonly float[] _thresholds;      // per file category
    private readonly float[] _weight;          // [bucket * categories + category]
    private readonly float[] _bias;

    internal ModerationClassifier(ModerationFeaturizer featurizer, int[] categoryIndex, float[] thresholds, float[] weight, float[] bias)
    {
        _featurizer = featurizer;
        _categoryIndex = categoryIndex;
        _thresholds = thresholds;
        _weight = weight;
        _bias = bias;
    }

    /// <summary>Categories the file models (the others always score 0), in the file's order.</summary>
    public IReadOnlyList<string> ModelledCategories => _categoryIndex.Select(i => ModerationCategories.All[i]).ToList();

    /// <summary>Hash buckets of the feature table.</summary>
    public int Buckets => _featurizer.Buckets;

    /// <summary>Loads and checks a classifier file; a bad one raises <see cref="GgufFormatException"/> naming the file and what is wrong.</summary>
    public static ModerationClassifier Load(string path)
    {
        using var file = GgufFile.Open(path);
        try
        {
            return ModerationClassifierLoader.Read(file);
        }
        catch (GgufFormatException e) when (e.Path is null)
        {
            throw e.InFile(path);
        }
    }

    /// <summary>Reads a classifier from a parsed GGUF file (the weights are copied; the file may be disposed after).</summary>
    public static ModerationClassifier Read(GgufFile file) => ModerationClassifierLoader.Read(file);

    /// <summary>Scores a text: per category, the largest probability over its windows, and whether it reaches the threshold.</summary>
    public ModerationResult Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var best = new double[_bias.Length];
        var counts = new Dictionary<int, int>();
        foreach (var window in ModerationText.Windows(text))
        {
            counts.Clear();
            var z = Logits(window, counts);
            for (var c = 0; c < z.Length; c++)
            {
                best[c] = Math.Max(best[c], Sigmoid(z[c]));
            }
        }

        return Result(best);
    }

    /// <summary>The result of one window's scores (the gate scores windows one at a time as a stream grows).</summary>
    internal ModerationResult ClassifyWindow(string window)
    {
        var z = Logits(window, new Dictionary<int, int>());
        for (var c = 0; c < z.Length; c++)
        {
            z[c] = Sigmoid(z[c]);
        }

        return Result(z);
    }

    private double[] Logits(string window, Dictionary<int, int> counts)
    {
        _featurizer.Count(window, counts);
        var norm = 0.0;
        foreach (var count in counts.Values)
        {
            norm += (double)count * count;
        }

        norm = Math.Sqrt(norm);
        var categories = _bias.Length;
        var z = new double[categories];
        for (var c = 0; c < categories; c++)
        {
            z[c] = _bias[c];
        }

        foreach (var (bucket, count) in counts)
        {
            var value = count / norm;
            var row = _weight.AsSpan(bucket * categories, categories);
            for (var c = 0; c < categories; c++)
            {
                z[c] += value * row[c];
            }
        }

        return z;
    }

    private ModerationResult Result(double[] fileScores)
    {
        var scores = new double[ModerationCategories.All.Count];
        var flags = new bool[scores.Length];
        for (var c = 0; c < fileScores.Length; c++)
        {
            scores[_categoryIndex[c]] = fileScores[c];
            flags[_categoryIndex[c]] = fileScores[c] >= _thresholds[c];
        }

        return new ModerationResult(scores, flags);
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
