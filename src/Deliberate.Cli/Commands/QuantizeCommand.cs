using System.CommandLine;
using Deliberate.Engine.Gguf;
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
        var type = new Argument<string>("type") { Description = "q8_0, q4_0, q4_k_m, q5_k_m or q6_k" };
        var command = new Command("quantize", "Quantize a GGUF model with llama-quantize's type mix (norms stay F32).")
        {
            input, output, type,
        };
        command.SetAction(result =>
        {
            QuantizationMix mix;
            try
            {
                mix = QuantizationMixes.Parse(result.GetValue(type)!);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }

            QuantizationSummary summary;
            try
            {
                summary = ModelQuantizer.Quantize(result.GetValue(input)!, result.GetValue(output)!, mix);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or GgufFormatException or NotSupportedException or ArgumentException)
            {
                Console.Error.WriteLine($"quantize: {e.Message}");
                return 1;
            }

            var types = string.Join(", ", summary.TensorsPerType.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {p.Key}"));
            Console.WriteLine($"wrote {result.GetValue(output)} ({summary.OutputBytes / 1e6:F1} MB from {summary.InputBytes / 1e6:F1} MB): {types}");
            return 0;
        });
        return command;
    }
}
