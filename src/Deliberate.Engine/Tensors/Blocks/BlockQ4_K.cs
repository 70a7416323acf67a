using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>256 weights at 4.5 bits: 8 sub-blocks of 32 with 6-bit scale and min.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ4_K
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 144;

    /// <summary>Super-block scale for the sub-block scales (f16 bits).</summary>
    public ushort D;

    /// <summary>Super-block scale for the sub-block mins (f16 bits).</summary>
    public ushort DMin;

    /// <summary>8 six-bit scales and 8 six-bit mins packed in 12 bytes.</summary>
    public fixed byte Scales[12];

    /// <summary>256 4-bit values: byte 32c+l holds element 64c+l (low nibble) and 64c+32+l (high nibble).</summary>
    public fixed byte Qs[128];
}
