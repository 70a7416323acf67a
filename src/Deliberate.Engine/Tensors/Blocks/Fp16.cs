using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>
/// IEEE binary16 and bfloat16 scalar conversions. f16 → f32 goes through a 65,536-entry table (as ggml
/// does without F16C): the kernels read one or two scales per block, and the table load beat both software
/// conversions measured on Zen 4 (DotIsaBenchmarks, 64 rows × 4096, AVX2 kernels): the shift-and-multiply-by-2^112
/// form, whose multiply takes a microcode assist for every f16-subnormal scale (Q6_K super-block scales of
/// ordinary weights always are one: 25.0 µs vs 6.4 µs with the table), and the same with a branch around
/// subnormals (Q4_1 27.6 µs vs 9.9). Block scales cluster in a few exponents, so the table's hot lines stay in L1.
/// </summary>
public static class Fp16
{
    private static readonly float[] Table = BuildTable();

    /// <summary>Converts raw f16 bits to f32 (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort bits) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), bits);

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
