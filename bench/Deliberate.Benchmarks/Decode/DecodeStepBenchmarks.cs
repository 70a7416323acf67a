using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Synthesis;

namespace Deliberate.Benchmarks.Decode;

/// <summary>
/// The engine's decode hot loop: 32 single-token steps after a 16-token prompt on a synth Qwen3 (the tiny shape, so
/// the run is short; the loop is the same for every size). [MemoryDiagnoser] must show 0 B allocated per operation:
/// every buffer, including the compute pool's and attention's, is allocated before the first step.
/// Run: dotnet run -c Release --project bench/Deliberate.Benchmarks -- --filter '*DecodeStepBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class DecodeStepBenchmarks
{
    private const int PromptTokens = 16;
    private const int Steps = 32;
    private string _path = "";
    private GgufFile _file = null!;
    private TransformerModel _model = null!;
    private ForwardSteps _steps = null!;
    private SequenceState _sequence = null!;
    private readonly int[] _prompt = new int[PromptTokens];

    [Params("q8_0", "q4_k_m")]
    public string Type { get; set; } = "q8_0";

    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"deliberate-decode-bench-{Type}-{Environment.ProcessId}.gguf");
        SyntheticModel.Write(_path, SynthShape.Get("qwen3", "tiny"), Type, seed: 3);
        _file = GgufFile.Open(_path);
        _model = TransformerModel.Load(_file, Threads);
        _steps = new ForwardSteps(_model, maxBatch: PromptTokens);
        _sequence = _model.CreateSequence(PromptTokens + Steps + 1);
        for (var i = 0; i < _prompt.Length; i++)
            _prompt[i] = 10 + 7 * i;
        Decode(); // first use sizes every lazily grown buffer
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _file.Dispose();
        File.Delete(_path);
    }

    /// <summary>Rewinds to the prompt (kept in the cache) and decodes <see cref="Steps"/> tokens, each fed back in.</summary>
    [Benchmark]
    public int Decode()
    {
        if (_sequence.Length == 0)
            _steps.Prefill(_sequence, _prompt);
        _sequence.Truncate(PromptTokens);
        var token = 1;
        for (var i = 0; i < Steps; i++)
        {
            var logits = _steps.Decode(_sequence, token);
            token = ArgMax(logits);
        }
        return token;
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best]) best = i;
        return best;
    }
}
