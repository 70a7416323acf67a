using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>256 weights at 2.625 bits: 16 sub-blocks of 16 with 4-bit scale and min.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ2_K
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 84;

    /// <summary>16 sub-block bytes: low nibble scale, high nibble min.</summary>
    public fixed byte Scales[16];

    /// <summary>256 2-bit values, four per byte (shift 2j selects the j-th 32-element group of a 128 half).</summary>
    public fixed byte Qs[64];

    /// <summary>Super-block scale for the scales (f16 bits).</summary>
    public ushort D;

    /// <summary>Super-block scale for the mins (f16 bits).</summary>
    public ushort DMin;
}
