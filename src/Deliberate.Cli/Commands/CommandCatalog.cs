using System.CommandLine;

namespace Deliberate.Cli.Commands;

/// <summary>Every verb of the CLI, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return InspectCommand.Create();
        yield return SynthCommand.Create();
        yield return ConvertCommand.Create();
        yield return QuantizeCommand.Create();
        yield return EvalCommand.Create();
        yield return GenerateCommand.Create();
        yield return ChatCommand.Create();
        yield return BenchCommand.Create();
        yield return ServeBench.ServeBenchCommand.Create();
        yield return BatchBench.BatchBenchCommand.Create();
        yield return ServeCommand.Create();
        yield return KeysCommand.Create();
        yield return Batch.BatchCommand.Create();
    }
}
