using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>32 weights at 5.5 bits: f16 scale and 5-bit offsets around 16.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ5_0
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 22;

    /// <summary>Block scale (f16 bits).</summary>
    public ushort D;

    /// <summary>Fifth bit of each of the 32 values, little-endian u32 (bit j = element j).</summary>
    public fixed byte Qh[4];

    /// <summary>Low 4 bits (low nibbles 0..15, high 16..31); value = d*(q-16).</summary>
    public fixed byte Qs[16];
}
