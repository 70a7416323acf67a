using System.CommandLine;
using Deliberate.Engine.Quantization;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Cli.Commands;

/// <summary>`deliberate quantize IN.gguf OUT.gguf TYPE`: llama-quantize's standard mixes, in C#.</summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "The GGUF model to read (F32/F16/BF16 weights)" };
        var output = new Argument<string>("out") { Description = "The GGUF file to write" };
        var type = new Argument<string>("type") { Description = QuantizationMixes.Names };
        type.Validators.Add(r =>
        {
            if (!QuantizationMixes.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"unknown quantization type '{r.GetValueOrDefault<string>()}'; expected one of {QuantizationMixes.Names}");
            }
        });
        var command = new Command("quantize", "Quantize a GGUF model with llama-quantize's type mix (norms stay F32).")
        {
            input, output, type,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(input) is { } from && r.GetValue(output) is { } to && Path.GetFullPath(from) == Path.GetFullPath(to))
            {
                r.AddError("the output must be a different file from the input");
            }
        });
        command.SetAction(result =>
        {
            QuantizationSummary summary;
            try
            {
                summary = ModelQuantizer.Quantize(result.GetValue(input)!, result.GetValue(output)!, QuantizationMixes.Parse(result.GetValue(type)!));
            }
            catch (NotSupportedException e)
            {
                // A tensor type the quantizer cannot convert from; missing and malformed files are reported by CliInvocation.
                Console.Error.WriteLine($"deliberate quantize: {e.Message}");
                return CliInvocation.Usage;
            }

            var types = string.Join(", ", summary.TensorsPerType.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {p.Key}"));
            Console.WriteLine($"wrote {result.GetValue(output)} ({summary.OutputBytes / 1e6:F1} MB from {summary.InputBytes / 1e6:F1} MB): {types}");
            return 0;
        });
        return command;
    }
}
