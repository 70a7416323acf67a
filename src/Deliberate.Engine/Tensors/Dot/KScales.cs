using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>Unpacks the 12-byte Q4_K/Q5_K scale block into 8 scales and 8 mins, one byte each.</summary>
internal static unsafe class KScales
{
    /// <summary>
    /// Word-level form of <see cref="QuantSearch.ScaleMinK4"/>: <paramref name="scales"/> byte k = sc[k],
    /// <paramref name="mins"/> byte k = mn[k] (k = 0..7).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unpack(byte* packed, out ulong scales, out Vector128<byte> mins)
    {
        var u0 = *(uint*)packed;
        var u1 = *(uint*)(packed + 4);
        var u2 = *(uint*)(packed + 8);
        var sc0 = u0 & 0x3f3f3f3fu;
        var sc1 = (u2 & 0x0f0f0f0fu) | (((u0 >> 6) & 0x03030303u) << 4);
        var mn0 = u1 & 0x3f3f3f3fu;
        var mn1 = ((u2 >> 4) & 0x0f0f0f0fu) | (((u1 >> 6) & 0x03030303u) << 4);
        scales = sc0 | ((ulong)sc1 << 32);
        mins = Vector128.CreateScalar(mn0 | ((ulong)mn1 << 32)).AsByte();
    }

    /// <summary>
    /// The Q4_K/Q5_K min term of one super-block added to <paramref name="acc"/>: dmin · Σ_k mn[k]·(bsum[2k] + bsum[2k+1])
    /// in four lanes (eight int16 bsum pairs × eight six-bit mins in one vpmaddwd); also unpacks the scales.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AccumulateMins(byte* packed, BlockQ8_K* x, float dmin, Vector128<float> acc, out ulong scales)
    {
        Unpack(packed, out scales, out var mins);
        var bsums = Avx.LoadVector256(x->BSums);
        var pairSums = Ssse3.HorizontalAdd(bsums.GetLower(), bsums.GetUpper());
        var minProd = Sse2.MultiplyAddAdjacent(Avx2.ConvertToVector128Int16(mins), pairSums);
        return Fma.MultiplyAdd(Vector128.Create(dmin), Sse2.ConvertToVector128Single(minProd), acc);
    }
}
