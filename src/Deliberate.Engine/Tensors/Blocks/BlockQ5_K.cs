using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>256 weights at 5.5 bits: Q4_K plus one high bit per value.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ5_K
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 176;

    /// <summary>Super-block scale for the sub-block scales (f16 bits).</summary>
    public ushort D;

    /// <summary>Super-block scale for the sub-block mins (f16 bits).</summary>
    public ushort DMin;

    /// <summary>8 six-bit scales and 8 six-bit mins packed in 12 bytes (as Q4_K).</summary>
    public fixed byte Scales[12];

    /// <summary>Fifth bits: bit 2c (first half) / 2c+1 (second half) of byte l.</summary>
    public fixed byte Qh[32];

    /// <summary>Low 4 bits, laid out as in Q4_K.</summary>
    public fixed byte Qs[128];
}
