using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>AVX-512 helpers (AVX-512 has no vpsignb, so the sign transfer is a masked negate).</summary>
internal static class Simd512
{
    /// <summary>y where x &gt; 0, −y where x &lt; 0, 0 where x == 0 (the 512-bit vpsignb equivalent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Sign(Vector512<sbyte> y, Vector512<sbyte> x)
    {
        var negated = Vector512<sbyte>.Zero - y;
        var picked = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<sbyte>.Zero), negated, y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<sbyte>.Zero), Vector512<sbyte>.Zero, picked);
    }
}
