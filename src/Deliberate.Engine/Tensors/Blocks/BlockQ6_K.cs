using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>256 weights at 6.5625 bits: 16 sub-blocks of 16 with int8 scales; values q-32.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ6_K
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 210;

    /// <summary>Low 4 bits of the values.</summary>
    public fixed byte Ql[128];

    /// <summary>High 2 bits of the values.</summary>
    public fixed byte Qh[64];

    /// <summary>16 signed 8-bit sub-block scales (element e uses scales[e/16]).</summary>
    public fixed sbyte Scales[16];

    /// <summary>Super-block scale (f16 bits).</summary>
    public ushort D;
}
