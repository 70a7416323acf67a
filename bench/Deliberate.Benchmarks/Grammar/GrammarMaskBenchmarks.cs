using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Grammar;

namespace Deliberate.Benchmarks.Grammar;

/// <summary>
/// Token-mask time per generated token over Qwen3's 151k vocabulary, for a realistic structured output.
/// "Warm" = the schema was seen before (grammar and its per-state masks cached), new matcher per generation;
/// "Cold" = first request with a new schema (compile plus every precomputation), the worst case.
/// Results are per token (OperationsPerInvoke = tokens in the document).
/// Run: dotnet run -c Release --project bench/Deliberate.Benchmarks -- --filter '*GrammarMask*'
/// </summary>
[MemoryDiagnoser]
public class GrammarMaskBenchmarks
{
    private GrammarWorkload _workload = null!;

    [Params("invoice", "search-results")]
    public string Schema { get; set; } = "invoice";

    [GlobalSetup]
    public void Setup()
    {
        _workload = new GrammarWorkload(Schema);
        _workload.Run(_workload.Grammar.CreateMatcher(_workload.Vocabulary));
        PrintProfile();
    }

    [Benchmark(Description = "FillMask+Accept per token, warm schema")]
    public void Warm()
    {
        var matcher = _workload.Grammar.CreateMatcher(_workload.Vocabulary);
        _workload.Run(matcher);
    }

    [Benchmark(Description = "Accept only per token (subtract for mask cost)")]
    public void AcceptOnly()
    {
        var matcher = _workload.Grammar.CreateMatcher(_workload.Vocabulary);
        foreach (var t in _workload.Tokens)
            matcher.Accept(t);
    }

    /// <summary>
    /// What the answer gate adds per token to watch the room (docs/structured-outputs.md): the shortest completion
    /// after the sampled token, probed before it is accepted. Compare with <see cref="AcceptOnly"/>.
    /// </summary>
    [Benchmark(Description = "Room check + Accept per token")]
    public int RoomCheck()
    {
        var matcher = _workload.Grammar.CreateMatcher(_workload.Vocabulary);
        var owed = 0;
        foreach (var t in _workload.Tokens)
        {
            owed += matcher.ShortestCompletionBytesAfter(_workload.Vocabulary.GetTokenBytes(t));
            matcher.Accept(t);
        }

        return owed;
    }

    /// <summary>Per-token distribution of FillMask alone (Stopwatch), printed once in the benchmark log.</summary>
    private void PrintProfile()
    {
        var warm = new List<double>();
        var gcBefore = GC.CollectionCount(2);
        for (var run = 0; run < 30; run++)
        {
            var matcher = _workload.Grammar.CreateMatcher(_workload.Vocabulary);
            foreach (var t in _workload.Tokens)
            {
                var start = Stopwatch.GetTimestamp();
                matcher.FillMask(_workload.Mask);
                warm.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                matcher.Accept(t);
            }
        }
        var worst = warm.IndexOf(warm.Max());
        Console.WriteLine($"// grammar-profile {Schema} warm worst at run {worst / _workload.Tokens.Length} token {worst % _workload.Tokens.Length}; gen2 GCs {GC.CollectionCount(2) - gcBefore}");
        var cold = new List<double>();
        var compileStart = Stopwatch.GetTimestamp();
        var fresh = JsonSchemaGrammar.CompileUncached(_workload.SchemaJson);
        var compileMs = Stopwatch.GetElapsedTime(compileStart).TotalMilliseconds;
        var coldMatcher = fresh.CreateMatcher(_workload.Vocabulary);
        foreach (var t in _workload.Tokens)
        {
            var start = Stopwatch.GetTimestamp();
            coldMatcher.FillMask(_workload.Mask);
            cold.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            coldMatcher.Accept(t);
        }
        Console.WriteLine($"// grammar-profile {Schema}: tokens={_workload.Tokens.Length} states={fresh.StateCount} rules={fresh.RuleCount} compile={compileMs:F2} ms");
        Console.WriteLine($"// grammar-profile {Schema} warm FillMask us: {Describe(warm)}");
        Console.WriteLine($"// grammar-profile {Schema} cold FillMask us: {Describe(cold)} total={cold.Sum() / 1000:F1} ms");
    }

    private static string Describe(List<double> values)
    {
        values.Sort();
        double P(double q) => values[Math.Min(values.Count - 1, (int)(q * values.Count))];
        return $"median={P(0.5):F2} p90={P(0.9):F2} p99={P(0.99):F2} max={values[^1]:F2} mean={values.Average():F2}";
    }
}
