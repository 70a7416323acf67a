namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>The whole-file quantization recipes llama-quantize calls Q8_0, Q4_0, Q4_K_M, Q5_K_M and Q6_K.</summary>
public enum QuantizationMix
{
    Q8_0,
    Q4_0,
    Q4_K_M,
    Q5_K_M,
    Q6_K,
}

/// <summary>Parsing and the GGUF <c>general.file_type</c> value of each mix.</summary>
public static class QuantizationMixes
{
    /// <summary>The mixes' names as llama-quantize spells them on its command line.</summary>
    public static string Names => "q8_0, q4_0, q4_k_m, q5_k_m, q6_k";

    /// <summary>Parses "q8_0", "Q4_K_M", … (case-insensitive); throws ArgumentException naming the valid ones.</summary>
    public static QuantizationMix Parse(string name) =>
        TryParse(name, out var mix) ? mix : throw new ArgumentException($"unknown quantization type '{name}'; expected one of {Names}", nameof(name));

    /// <summary>Parses a mix name (case-insensitive); false for anything else, numbers included.</summary>
    public static bool TryParse(string? name, out QuantizationMix mix) =>
        Enum.TryParse(name, ignoreCase: true, out mix) && Enum.IsDefined(mix) && !char.IsAsciiDigit(name![0]);

    /// <summary>llama.cpp's LLAMA_FTYPE value, written to <c>general.file_type</c>.</summary>
    public static uint FileType(this QuantizationMix mix) => mix switch
    {
        QuantizationMix.Q8_0 => 7,
        QuantizationMix.Q4_0 => 2,
        QuantizationMix.Q4_K_M => 15,
        QuantizationMix.Q5_K_M => 17,
        QuantizationMix.Q6_K => 18,
        _ => throw new ArgumentOutOfRangeException(nameof(mix)),
    };

    /// <summary>The type most 2-D weights get.</summary>
    public static GgmlType DefaultType(this QuantizationMix mix) => mix switch
    {
        QuantizationMix.Q8_0 => GgmlType.Q8_0,
        QuantizationMix.Q4_0 => GgmlType.Q4_0,
        QuantizationMix.Q4_K_M => GgmlType.Q4_K,
        QuantizationMix.Q5_K_M => GgmlType.Q5_K,
        QuantizationMix.Q6_K => GgmlType.Q6_K,
        _ => throw new ArgumentOutOfRangeException(nameof(mix)),
    };
}
