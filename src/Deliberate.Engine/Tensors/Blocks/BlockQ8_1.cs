using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>Runtime-only activation format for Q4_1/Q5_1 weights: Q8_0 plus the scaled sum.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ8_1
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 36;

    /// <summary>Block scale (f16 bits).</summary>
    public ushort D;

    /// <summary>d * sum(qs) (f16 bits), so a dot with a Q4_1/Q5_1 minimum costs one multiply.</summary>
    public ushort S;

    /// <summary>32 signed 8-bit values.</summary>
    public fixed sbyte Qs[32];
}
