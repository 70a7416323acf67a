using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Quantization;

/// <summary>What <see cref="ModelQuantizer.Quantize"/> wrote: tensor counts per type and the file sizes.</summary>
public sealed record QuantizationSummary(IReadOnlyDictionary<GgmlType, int> TensorsPerType, long InputBytes, long OutputBytes);

/// <summary>
/// Rewrites a GGUF model with a llama-quantize mix (<see cref="QuantizationMix"/>): metadata is copied (with
/// <c>general.file_type</c> and <c>general.quantization_version</c> updated), each tensor gets the type
/// <see cref="QuantizationPlan"/> chooses, and F32/F16/BF16 weights are quantized with ggml's reference
/// quantizers. An input whose weights are already quantized is refused (re-quantizing compounds error, and copying
/// them unchanged would label a file with a mix its tensors do not have; llama-quantize also refuses without
/// <c>--allow-requantize</c>). Tensor data is streamed, so memory stays bounded.
/// </summary>
public static unsafe class ModelQuantizer
{
    /// <summary>Bytes of converted rows buffered before they are written.</summary>
    private const long ChunkBytes = 32L << 20;

    public static QuantizationSummary Quantize(string inputPath, string outputPath, QuantizationMix mix)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (Path.GetFullPath(inputPath) == Path.GetFullPath(outputPath))
            throw new ArgumentException("the output must be a different file from the input", nameof(outputPath));
        using var file = GgufFile.Open(inputPath);
        if (file.Tensors.FirstOrDefault(t => t.Type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16)) is { } quantized)
        {
            throw new NotSupportedException(
                $"{inputPath}: tensor '{quantized.Name}' is already {quantized.Type}; quantize from an F32, F16 or BF16 file (re-quantizing compounds error)");
        }

        var shapes = file.Tensors.Select(t => new TensorShape(t.Name, t.Type, t.Dimensions)).ToList();
        var targets = QuantizationPlan.TargetTypes(mix, shapes);

        var writer = new GgufWriter(file.Alignment);
        foreach (var key in file.Metadata.Keys)
        {
            if (key is "general.alignment" or "general.file_type" or "general.quantization_version") continue;
            writer.Add(key, file.Metadata[key]);
        }
        writer.Add("general.quantization_version", GgufValue.From(2u));
        writer.Add("general.file_type", GgufValue.From(mix.FileType()));

        var counts = new Dictionary<GgmlType, int>();
        for (var i = 0; i < file.Tensors.Count; i++)
        {
            var tensor = file.Tensors[i];
            var target = targets[i];
            counts[target] = counts.GetValueOrDefault(target) + 1;
            writer.AddTensor(tensor.Name, target, tensor.Dimensions, stream => WriteConverted(file, tensor, target, stream));
        }
        writer.WriteTo(outputPath);
        return new QuantizationSummary(counts, file.FileLength, new FileInfo(outputPath).Length);
    }

    private static void WriteConverted(GgufFile file, GgufTensorInfo tensor, GgmlType target, Stream stream)
    {
        var source = file.GetTensorPointer(tensor);
        var cols = tensor.RowLength;
        var sourceRowBytes = GgmlTypeInfo.Get(tensor.Type).RowBytes(cols);
        var targetRowBytes = GgmlTypeInfo.Get(target).RowBytes(cols);
        var rowsPerChunk = Math.Max(1, ChunkBytes / Math.Max(sourceRowBytes, targetRowBytes));
        var buffer = new byte[Math.Min(tensor.RowCount, rowsPerChunk) * targetRowBytes];
        fixed (byte* destination = buffer)
        {
            for (long row = 0; row < tensor.RowCount; row += rowsPerChunk)
            {
                var rows = Math.Min(rowsPerChunk, tensor.RowCount - row);
                TensorConverter.Convert(tensor.Type, source + row * sourceRowBytes, target, destination, rows, cols);
                stream.Write(buffer, 0, (int)(rows * targetRowBytes));
            }
        }
    }
}
