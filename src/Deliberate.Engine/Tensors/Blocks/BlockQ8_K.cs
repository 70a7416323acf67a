using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Blocks;

/// <summary>Runtime-only activation format for K-quant weights (super-block of 256).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct BlockQ8_K
{
    /// <summary>Size in bytes, as stored in GGUF.</summary>
    public const int Size = 292;

    /// <summary>Scale as f32 (may be negative: ggml divides by the signed extreme value).</summary>
    public float D;

    /// <summary>256 signed 8-bit values.</summary>
    public fixed sbyte Qs[256];

    /// <summary>Sum of each group of 16 values, so K-quant mins cost one multiply per group.</summary>
    public fixed short BSums[16];
}
