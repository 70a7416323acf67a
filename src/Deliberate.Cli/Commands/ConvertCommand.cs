using System.CommandLine;
using Deliberate.Engine.Conversion;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Cli.Commands;

/// <summary>`deliberate convert`: a Hugging Face llama/qwen2/qwen3 checkpoint directory to GGUF.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("dir") { Description = "Checkpoint directory: config.json, *.safetensors, tokenizer.json [, tokenizer_config.json]" };
        var output = new Argument<string>("out") { Description = "The GGUF file to write" };
        var type = new Option<string>("--type") { Description = $"Weight format: {string.Join(", ", TensorEncoding.Formats)}", DefaultValueFactory = _ => "f16" };
        type.Validators.Add(r =>
        {
            if (!TensorEncoding.Formats.Contains(r.GetValueOrDefault<string>().ToLowerInvariant()))
            {
                r.AddError($"--type must be one of {string.Join(", ", TensorEncoding.Formats)}, not '{r.GetValueOrDefault<string>()}'");
            }
        });
        var name = new Option<string?>("--name") { Description = "general.name (default: the directory name)" };
        var budgets = new Option<string?>("--budgets") { Description = "Thinking budgets stored with the model: LOW,MEDIUM,HIGH tokens (e.g. 16,128,400)" };
        var command = new Command("convert", "Convert a Hugging Face llama, qwen2 or qwen3 checkpoint into a GGUF file.") { input, output, type, name, budgets };
        command.SetAction(result =>
        {
            var directory = result.GetValue(input)!;
            var path = result.GetValue(output)!;
            try
            {
                EffortBudgets? stated = null;
                if (result.GetValue(budgets) is { } text)
                {
                    stated = ParseBudgets(text)
                        ?? throw new ArgumentException($"--budgets takes three non-negative whole numbers LOW,MEDIUM,HIGH, not '{text}'");
                }

                HfCheckpointConverter.Convert(directory, path, result.GetValue(type)!, result.GetValue(name), stated);
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

    private static EffortBudgets? ParseBudgets(string text)
    {
        var parts = text.Split(',');
        var numbers = new int[3];
        if (parts.Length != 3)
        {
            return null;
        }

        for (var i = 0; i < 3; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return new EffortBudgets { Low = numbers[0], Medium = numbers[1], High = numbers[2] };
    }
}
