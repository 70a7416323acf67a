using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>32 weights at 8.5 bits: f16 scale and int8 values. Also the activation format for Q4_0/Q5_0/Q8_0.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ8_0
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 34;

    /// <summary>Block scale (f16 bits).</summary>
    public ushort D;

    /// <summary>32 signed 8-bit values; value = d*q.</summary>
    public fixed sbyte Qs[32];
}
