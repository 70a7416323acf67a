using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Sampling;

namespace Deliberate.Benchmarks.Sampling;

/// <summary>
/// Cost of choosing one token over a Qwen3-sized vocabulary (151,936 logits) with the chains servers use.
/// [MemoryDiagnoser] must show 0 B allocated per operation.
/// Run: dotnet run -c Release --project bench/Deliberate.Benchmarks -- --filter '*SamplerBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private const int Vocabulary = 151_936;
    private readonly float[] _logits = new float[Vocabulary];
    private readonly int[] _recent = new int[64];
    private Sampler _greedy = null!;
    private Sampler _qwenThinking = null!;
    private Sampler _nucleusOnly = null!;
    private Sampler _penalised = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < _logits.Length; i++)
        {
            // Roughly the shape of real logits: most tokens far below a handful of plausible ones.
            _logits[i] = (float)((random.NextDouble() * 10) - 12 + (i % 997 == 0 ? 15 : 0));
        }

        for (var i = 0; i < _recent.Length; i++)
        {
            _recent[i] = random.Next(Vocabulary);
        }

        _greedy = new Sampler(Vocabulary, SamplerOptions.Greedy);
        _qwenThinking = new Sampler(Vocabulary, new SamplerOptions { Temperature = 0.6f, TopP = 0.95f, TopK = 20, Seed = 1 });
        _nucleusOnly = new Sampler(Vocabulary, new SamplerOptions { Temperature = 1.0f, TopP = 0.9f, Seed = 1 });
        _penalised = new Sampler(Vocabulary, new SamplerOptions { Temperature = 0.8f, MinP = 0.05f, PresencePenalty = 0.5f, FrequencyPenalty = 0.3f, Seed = 1 });
    }

    [Benchmark(Baseline = true)]
    public int Greedy() => _greedy.Sample(_logits, _recent);

    [Benchmark]
    public int QwenThinkingDefaults() => _qwenThinking.Sample(_logits, _recent);

    [Benchmark]
    public int TopPOnly() => _nucleusOnly.Sample(_logits, _recent);

    [Benchmark]
    public int MinPWithPenalties() => _penalised.Sample(_logits, _recent);
}
