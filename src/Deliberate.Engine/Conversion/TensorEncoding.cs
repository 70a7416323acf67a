using System.Runtime.InteropServices;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Conversion;

/// <summary>
/// How writers (the converter, synth) store f32 weights: the output format names (a plain type for every matrix,
/// or a llama-quantize mix), the per-tensor type that follows, and the encoding of one row.
/// </summary>
public static class TensorEncoding
{
    /// <summary>Output formats a writer accepts.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_k_m", "q5_k_m", "q6_k"];

    /// <summary>
    /// Each tensor's stored type for <paramref name="format"/>, and the GGUF <c>general.file_type</c>.
    /// 1-D tensors (norms, biases, rope factors) always stay F32, as llama.cpp's converter keeps them.
    /// </summary>
    public static (GgmlType[] Types, uint FileType) ChooseTypes(IReadOnlyList<(string Name, long[] Dimensions)> tensors, string format)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        GgmlType[] Plain(GgmlType matrixType) => [.. tensors.Select(t => t.Dimensions.Length > 1 ? matrixType : GgmlType.F32)];
        switch (format.ToLowerInvariant())
        {
            case "f32":
                return (Plain(GgmlType.F32), 0);
            case "f16":
                return (Plain(GgmlType.F16), 1);
            case "bf16":
                return (Plain(GgmlType.BF16), 32);
            default:
                var mix = QuantizationMixes.Parse(format);
                var shapes = tensors.Select(t => new TensorShape(t.Name, GgmlType.F32, t.Dimensions)).ToList();
                return (QuantizationPlan.TargetTypes(mix, shapes), mix.FileType());
        }
    }

    /// <summary>True when any type needs <c>general.quantization_version</c>.</summary>
    public static bool IsQuantized(IEnumerable<GgmlType> types) => types.Any(t => t is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16));

    /// <summary>Encodes one row of f32 values as <paramref name="type"/>.</summary>
    public static void EncodeRow(ReadOnlySpan<float> values, GgmlType type, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(values).CopyTo(destination);
                break;
            case GgmlType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(destination);
                for (var i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }

                break;
            case GgmlType.BF16:
                var bf16 = MemoryMarshal.Cast<byte, ushort>(destination);
                for (var i = 0; i < values.Length; i++)
                {
                    // Round to nearest even, as ggml's fp32_to_bf16 does for finite values.
                    var bits = BitConverter.SingleToUInt32Bits(values[i]);
                    bf16[i] = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
                }

                break;
            default:
                Quantizer.Quantize(type, values, destination);
                break;
        }
    }

    /// <summary>Writes a whole row-major f32 matrix (<paramref name="cols"/> per row) encoded as <paramref name="type"/>.</summary>
    public static void WriteRows(Stream stream, ReadOnlySpan<float> values, int cols, GgmlType type)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var rowBytes = (int)GgmlTypeInfo.Get(type).RowBytes(cols);
        var buffer = new byte[rowBytes];
        for (var start = 0; start < values.Length; start += cols)
        {
            EncodeRow(values.Slice(start, cols), type, buffer);
            stream.Write(buffer);
        }
    }
}
