using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>32 weights at 6 bits: f16 scale, f16 minimum and 5-bit values.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ5_1
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 24;

    /// <summary>Block scale (f16 bits).</summary>
    public ushort D;

    /// <summary>Block minimum (f16 bits).</summary>
    public ushort M;

    /// <summary>Fifth bit of each of the 32 values, little-endian u32.</summary>
    public fixed byte Qh[4];

    /// <summary>Low 4 bits (low nibbles 0..15, high 16..31); value = d*q + m.</summary>
    public fixed byte Qs[16];
}
