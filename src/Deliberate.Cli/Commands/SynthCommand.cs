using System.CommandLine;
using Deliberate.Engine.Models;
using Deliberate.Engine.Synthesis;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Cli.Commands;

/// <summary>`deliberate synth`: writes a random-weight model of a real architecture and shape.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = $"Architecture: {ArchitectureTraits.Names}", DefaultValueFactory = _ => "qwen3" };
        arch.AcceptOnlyFromAmong([.. ArchitectureTraits.All.Select(a => a.Name)]);
        var shape = new Option<string>("--shape") { Description = "Shape: tiny, 0.6b (Qwen3-0.6B), 1.7b (Qwen3-1.7B), 1b (Llama-3.2-1B)", DefaultValueFactory = _ => "tiny" };
        shape.AcceptOnlyFromAmong([.. SynthShape.Names]);
        var type = new Option<string>("--type") { Description = $"Weight format: {string.Join(", ", SyntheticModel.Types)}", DefaultValueFactory = _ => "f32" };
        var vocab = new Option<string?>("--vocab") { Description = "A Hugging Face tokenizer.json to use as the vocabulary (tokenizer_config.json beside it is read too)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random weights", DefaultValueFactory = _ => 1 };
        var output = new Argument<string>("out") { Description = "The GGUF file to write" };
        var command = new Command("synth", "Write a random-weight model with real shapes and names, for tests and benchmarks.")
        {
            arch, shape, type, vocab, seed, output,
        };
        command.SetAction(result =>
        {
            var typeName = result.GetValue(type)!.ToLowerInvariant();
            if (!SyntheticModel.Types.Contains(typeName))
            {
                Console.Error.WriteLine($"unknown --type '{typeName}' ({string.Join(", ", SyntheticModel.Types)})");
                return 2;
            }

            var preset = SynthShape.Get(result.GetValue(arch)!, result.GetValue(shape)!);

            TokenizerData? vocabulary = null;
            if (result.GetValue(vocab) is { } tokenizerJson)
            {
                if (!File.Exists(tokenizerJson))
                {
                    Console.Error.WriteLine($"--vocab: {tokenizerJson} does not exist");
                    return 2;
                }

                var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tokenizerJson))!, "tokenizer_config.json");
                try
                {
                    vocabulary = TokenizerJsonReader.ReadFiles(tokenizerJson, File.Exists(config) ? config : null);
                }
                catch (TokenizerFormatException e)
                {
                    Console.Error.WriteLine($"--vocab {tokenizerJson}: {e.Message}");
                    return 2;
                }
            }

            var path = result.GetValue(output)!;
            SyntheticModel.Write(path, preset, typeName, result.GetValue(seed), vocabulary);
            Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1e6:F1} MB): {preset.Architecture} {result.GetValue(shape)} {typeName}");
            return 0;
        });
        return command;
    }
}
