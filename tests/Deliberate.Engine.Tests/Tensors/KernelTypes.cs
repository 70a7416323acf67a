using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>Weight types with kernels, and llama.cpp's error budgets for them (tests/test-quantize-fns.cpp).</summary>
internal static class KernelTypes
{
    /// <summary>MAX_QUANTIZATION_TOTAL_ERROR (and the _2BITS / _3BITS variants) on 0.1+2cos data, n = 4096.</summary>
    public const float MaxQuantizationTotalError = 0.002f;
    public const float MaxQuantizationTotalError2Bits = 0.0075f;
    public const float MaxQuantizationTotalError3Bits = 0.0040f;

    /// <summary>MAX_QUANTIZATION_REFERENCE_ERROR: our quantizer vs ggml's reference quantizer.</summary>
    public const float MaxQuantizationReferenceError = 0.0001f;

    /// <summary>MAX_DOT_PRODUCT_ERROR (and _LOWBIT for Q2_K): |dot − f32 dot| / n.</summary>
    public const float MaxDotProductError = 0.02f;
    public const float MaxDotProductErrorLowBit = 0.04f;

    public static readonly GgmlType[] Quantized =
    [
        GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0,
        GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
    ];

    public static readonly GgmlType[] All = [GgmlType.F32, GgmlType.F16, GgmlType.BF16, .. Quantized];

    public static TheoryData<GgmlType> QuantizedData() => new(Quantized);

    public static TheoryData<GgmlType> AllData() => new(All);

    public static float QuantizationBudget(GgmlType type) => type switch
    {
        GgmlType.Q2_K => MaxQuantizationTotalError2Bits,
        GgmlType.Q3_K => MaxQuantizationTotalError3Bits,
        _ => MaxQuantizationTotalError,
    };

    /// <summary>
    /// Extra absolute error of a Q4_1/Q5_1 dot over an exact f32 dot of the dequantized operands: ggml stores the
    /// activation block sum s = d·Σq as f16, computed with the unrounded d, so each block's min term m·s is off by up to
    /// ~0.1% of |m·s| (f16 rounding of s plus that of d), and |m·s| reaches ~40 on these Gaussian test rows
    /// (measured: 0.022 on one 32-value block with m = −2.23, s = 16.6).
    /// </summary>
    public static double StoredSumSlack(GgmlType type, int n) =>
        type is GgmlType.Q4_1 or GgmlType.Q5_1 ? 0.04 * (n / 32) : 0;

    public static float DotBudget(GgmlType type) => type == GgmlType.Q2_K ? MaxDotProductErrorLowBit : MaxDotProductError;
}
