using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>32 weights at 4.5 bits: f16 scale and 4-bit offsets around 8.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ4_0
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 18;

    /// <summary>Block scale (f16 bits).</summary>
    public ushort D;

    /// <summary>32 unsigned 4-bit values: low nibbles are elements 0..15, high nibbles 16..31; value = d*(q-8).</summary>
    public fixed byte Qs[16];
}
