using BenchmarkDotNet.Attributes;
using Deliberate.Engine.Grammar;
using Deliberate.Engine.Tests.Grammar;

namespace Deliberate.Benchmarks.Grammar;

/// <summary>
/// Schema compile time (JSON Schema → determinised pushdown automaton), uncached, for realistic schemas.
/// Run: dotnet run -c Release --project bench/Deliberate.Benchmarks -- --filter '*GrammarCompile*'
/// </summary>
[MemoryDiagnoser]
public class GrammarCompileBenchmarks
{
    private string _schema = "";

    [Params("weather", "invoice", "user-profile", "search-results", "expression-tree", "calendar-event")]
    public string Schema { get; set; } = "weather";

    [GlobalSetup]
    public void Setup() => _schema = HandWrittenSchemas.All.Single(s => s.Name == Schema).Json;

    [Benchmark]
    public CompiledGrammar Compile() => JsonSchemaGrammar.CompileUncached(_schema);
}
