using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>256 weights at 3.4375 bits: 16 sub-blocks of 16 with signed 6-bit scales.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ3_K
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 110;

    /// <summary>High (third) bit of each value: bit (4n+j) of byte l for element 128n+32j+l.</summary>
    public fixed byte HMask[32];

    /// <summary>Low 2 bits, four per byte.</summary>
    public fixed byte Qs[64];

    /// <summary>16 signed 6-bit sub-block scales packed in 12 bytes.</summary>
    public fixed byte Scales[12];

    /// <summary>Super-block scale (f16 bits).</summary>
    public ushort D;
}
