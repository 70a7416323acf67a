using System.CommandLine;
using Deliberate.Engine.Conversion;

namespace Deliberate.Cli.Commands;

/// <summary>`deliberate convert`: a Hugging Face llama/qwen2/qwen3 checkpoint directory to GGUF.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("dir") { Description = "Checkpoint directory: config.json, *.safetensors, tokenizer.json [, tokenizer_config.json]" };
        var output = new Argument<string>("out") { Description = "The GGUF file to write" };
        var type = new Option<string>("--type") { Description = $"Weight format: {string.Join(", ", TensorEncoding.Formats)}", DefaultValueFactory = _ => "f16" };
        var name = new Option<string?>("--name") { Description = "general.name (default: the directory name)" };
        var budgets = new Option<string?>("--budgets") { Description = "Thinking budgets stored with the model: LOW,MEDIUM,HIGH tokens (e.g. 16,128,400)" };
        var command = new Command("convert", "Convert a Hugging Face llama, qwen2 or qwen3 checkpoint into a GGUF file.") { input, output, type, name, budgets };
        command.SetAction(result =>
        {
            var directory = result.GetValue(input)!;
            var path = result.GetValue(output)!;
            try
            {
                (int, int, int)? budgetTriple = null;
                if (result.GetValue(budgets) is { } text)
                {
                    var parts = text.Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    budgetTriple = parts.Length == 3 && parts.All(p => p >= 0) ? (parts[0], parts[1], parts[2]) : throw new ArgumentException("--budgets takes three non-negative numbers: LOW,MEDIUM,HIGH");
                }

                HfCheckpointConverter.Convert(directory, path, result.GetValue(type)!, result.GetValue(name), budgetTriple);
                Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1e6:F1} MB)");
                return 0;
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or SafetensorsFormatException or IOException or ArgumentException or Deliberate.Engine.Tokenization.TokenizerFormatException)
            {
                Console.Error.WriteLine($"convert: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
