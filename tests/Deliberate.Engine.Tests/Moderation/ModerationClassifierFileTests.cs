using Deliberate.Engine.Gguf;
using Deliberate.Engine.Moderation;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tests.Gguf;

namespace Deliberate.Engine.Tests.Moderation;

/// <summary>
/// Hostile classifier files: each rule of the loader hit by a hand-built file (the error names the problem), and
/// seeded mutants of a valid file that either load or fail with <see cref="GgufFormatException"/>.
/// </summary>
public class ModerationClassifierFileTests
{
    private const int Buckets = 64;
    private static readonly string[] Categories = ["violence", "hate"];

    [Fact]
    public void AValidSmallFileLoadsAndScoresItsCategoriesOnly()
    {
        var classifier = ModerationClassifier.Read(GgufFile.Parse(Build()));
        Assert.Equal(Categories, classifier.ModelledCategories);
        var result = classifier.Classify("anything at all");
        for (var c = 0; c < ModerationCategories.All.Count; c++)
        {
            var modelled = Categories.Contains(ModerationCategories.All[c]);
            Assert.True(modelled ? result.Scores[c] > 0 : result.Scores[c] == 0, ModerationCategories.All[c]);
        }
    }

    public static TheoryData<string, string> HostileFiles() => new()
    {
        { "architecture", "architecture is 'llama'" },
        { "version", "feature version 2" },
        { "buckets", "buckets = 0 is outside" },
        { "chars", "char_ngram_max = 2 is outside 3..8" },
        { "unknown category", "'weapons' is not a moderation category" },
        { "duplicate category", "'hate' is listed twice" },
        { "threshold count", "expected 2 thresholds" },
        { "threshold range", "strictly between 0 and 1" },
        { "missing tensor", "tensor 'moderation.bias' is missing" },
        { "shape", "expected F32 [2, 64]" },
        { "type", "tensor 'moderation.weight' is F16" },
        { "nan", "element 5 is NaN" },
        { "missing key", "required key 'deliberate-moderation.thresholds' is missing" },
        { "wrong type", "must be" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void RejectsAHostileFileNamingTheProblem(string hostile, string message)
    {
        var error = Assert.Throws<GgufFormatException>(() => ModerationClassifier.Read(GgufFile.Parse(Build(hostile))));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MutantsLoadOrFailWithATypedError()
    {
        var seed = Build();
        var random = new Random(20261207);
        int loaded = 0, rejected = 0;
        for (var i = 0; i < 3000; i++)
        {
            var mutant = GgufFuzzTests.Mutate(seed, random);
            try
            {
                using var file = GgufFile.Parse(mutant);
                ModerationClassifier.Read(file).Classify("How do I kill a process?");
                loaded++;
            }
            catch (GgufFormatException)
            {
                rejected++;
            }
        }

        Assert.True(loaded > 0 && rejected > 300, $"{loaded} loaded, {rejected} rejected: the mutations are too gentle or too harsh");
    }

    [Fact]
    public void AMissingFileIsAFileError() =>
        Assert.Throws<FileNotFoundException>(() => ModerationClassifier.Load(Path.Combine(Path.GetTempPath(), "no-such-classifier.gguf")));

    /// <summary>A valid two-category file, or one broken the named way.</summary>
    private static byte[] Build(string? hostile = null)
    {
        const string P = "deliberate-moderation.";
        var writer = new GgufWriter()
            .Add("general.architecture", hostile == "architecture" ? "llama" : ModerationClassifier.Architecture)
            .Add(P + "feature_version", hostile == "version" ? 2u : 1u)
            .Add(P + "buckets", hostile == "buckets" ? 0u : (uint)Buckets)
            .Add(P + "char_ngram_min", 3u)
            .Add(P + "char_ngram_max", hostile == "chars" ? 2u : 5u)
            .Add(P + "categories", hostile switch
            {
                "unknown category" => new[] { "violence", "weapons" },
                "duplicate category" => new[] { "hate", "hate" },
                _ => Categories,
            });
        if (hostile != "missing key")
        {
            writer.Add(P + "thresholds", hostile switch
            {
                "threshold count" => (object)new[] { 0.5f },
                "threshold range" => new[] { 0.5f, 1f },
                "wrong type" => "0.5",
                _ => new[] { 0.5f, 0.4f },
            });
        }

        var weights = new float[Categories.Length * Buckets];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (i % 7) - 3;
        }

        if (hostile == "nan")
        {
            weights[5] = float.NaN;
        }

        var shape = hostile == "shape" ? new long[] { Buckets, Categories.Length } : [Categories.Length, Buckets];
        if (hostile == "type")
        {
            writer.AddTensor("moderation.weight", GgmlType.F16, shape, new byte[weights.Length * 2]);
        }
        else
        {
            writer.AddTensor("moderation.weight", GgmlType.F32, shape, Bytes(weights));
        }

        if (hostile != "missing tensor")
        {
            writer.AddTensor("moderation.bias", GgmlType.F32, [Categories.Length], Bytes([-1f, -2f]));
        }

        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private static byte[] Bytes(float[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
