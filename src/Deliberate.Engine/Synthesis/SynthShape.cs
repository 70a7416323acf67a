using Deliberate.Engine.Models;

namespace Deliberate.Engine.Synthesis;

/// <summary>
/// The hyperparameters of a synthetic model: real architectures' shapes with random weights, so correctness tests
/// (tiny) and speed measurements (0.6b, 1.7b, 1b) run on the same code paths real files take.
/// </summary>
public sealed record SynthShape(
    ArchitectureTraits Architecture,
    int Hidden,
    int Layers,
    int Heads,
    int KvHeads,
    int HeadDim,
    int FeedForward,
    int Vocab,
    bool TiedEmbeddings,
    int ContextLength,
    float RopeTheta,
    float RmsNormEps)
{
    /// <summary>Llama 3.1+ rope scaling (factor 32, original context 8192) as Llama-3.2-1B has it.</summary>
    public bool Llama3RopeScaling { get; init; }

    public static IReadOnlyList<string> Names { get; } = ["tiny", "0.6b", "1.7b", "1b"];

    /// <summary>A preset by name for an architecture: tiny, 0.6b (Qwen3-0.6B), 1.7b (Qwen3-1.7B), 1b (Llama-3.2-1B).</summary>
    public static SynthShape Get(string architecture, string name)
    {
        var arch = ArchitectureTraits.Find(architecture)
            ?? throw new ArgumentException($"unknown architecture '{architecture}' ({ArchitectureTraits.Names})", nameof(architecture));

        // The published models' values: Llama 3 and Qwen differ in RoPE base and norm epsilon.
        var isLlama = arch == ArchitectureTraits.Llama;
        var theta = isLlama ? 500_000f : 1_000_000f;
        var eps = isLlama ? 1e-5f : 1e-6f;
        return name switch
        {
            // Small enough for in-process reference comparisons; GQA 4/2, rows of 256 (so K-quants apply) and two layers
            // exercise every code path of the full shapes.
            "tiny" => new SynthShape(arch, 256, 2, 4, 2, 64, 512, 0, !isLlama, 512, theta, eps),
            "0.6b" => new SynthShape(arch, 1024, 28, 16, 8, 128, 3072, 151_936, true, 40_960, theta, eps),
            "1.7b" => new SynthShape(arch, 2048, 28, 16, 8, 128, 6144, 151_936, true, 40_960, theta, eps),
            "1b" => new SynthShape(arch, 2048, 16, 32, 8, 64, 8192, 128_256, true, 131_072, theta, eps) { Llama3RopeScaling = isLlama },
            _ => throw new ArgumentException($"unknown shape '{name}' ({string.Join(", ", Names)})", nameof(name)),
        };
    }
}
