using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>32 weights at 5 bits: f16 scale, f16 minimum and 4-bit values.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ4_1
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 20;

    /// <summary>Block scale (f16 bits).</summary>
    public ushort D;

    /// <summary>Block minimum (f16 bits).</summary>
    public ushort M;

    /// <summary>32 unsigned 4-bit values (low nibbles 0..15, high 16..31); value = d*q + m.</summary>
    public fixed byte Qs[16];
}
