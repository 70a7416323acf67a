using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>
/// IEEE binary16 and bfloat16 scalar conversions. f16 → f32 goes through a 65,536-entry table (as ggml
/// does), because the kernels read one scale per block and a table load beats the software conversion.
/// </summary>
public static class Fp16
{
    private static readonly float[] Table = BuildTable();

    /// <summary>Converts raw f16 bits to f32 (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort bits) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), bits);

    /// <summary>
    /// Converts raw f16 bits of a finite value to f32 without a table: for a normal value the sign-extended bits
    /// shifted left by 13 put sign, exponent and mantissa in f32 position (the mask drops the extension) and
    /// × 2^112 re-biases the exponent. A subnormal (exponent field 0) takes a separate, exact path, because the
    /// shifted bits would be an f32 subnormal and multiplying one costs a microcode assist: with the multiply for
    /// every value, rows whose block scales are f16 subnormals (small weights in Q5_K, say) ran 3–4× slower (measured
    /// on Zen 4); those go through the table instead. Real scales are rarely subnormal, so the branch is predictable. Inf/NaN come out as large finite
    /// values, so use it only for block scales in kernels, where it keeps the loop free of memory lookups.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingleFinite(ushort bits) =>
        (bits & 0x7c00) != 0
            ? BitConverter.Int32BitsToSingle(((short)bits << 13) & unchecked((int)0x8FFFE000)) * 5.192296858534828e33f
            : ToSingle(bits);

    /// <summary>Converts f32 to raw f16 bits with round-to-nearest-even (ggml's GGML_FP32_TO_FP16).</summary>
    public static ushort FromSingle(float value) => BitConverter.HalfToUInt16Bits((Half)value);

    /// <summary>Converts raw bf16 bits to f32 (exact: bf16 is the top half of an f32).</summary>
    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Converts f32 to bf16 bits with round-to-nearest-even; NaN stays a quiet NaN (ggml's rule).</summary>
    public static ushort SingleToBFloat16(float value)
    {
        var u = BitConverter.SingleToUInt32Bits(value);
        if ((u & 0x7fffffffu) > 0x7f800000u)
            return (ushort)((u >> 16) | 64);
        u += 0x7fffu + ((u >> 16) & 1);
        return (ushort)(u >> 16);
    }

    private static float[] BuildTable()
    {
        var table = new float[65536];
        for (var i = 0; i < table.Length; i++)
            table[i] = (float)BitConverter.UInt16BitsToHalf((ushort)i);
        return table;
    }
}
