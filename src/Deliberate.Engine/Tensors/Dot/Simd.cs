using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>Shared AVX2 building blocks of the integer dot kernels (lane layouts documented per helper).</summary>
internal static class Simd
{
    /// <summary>
    /// Σ over groups of 4 adjacent lanes of u[k]·s[k] (u unsigned 0..255, s signed) → 8 int32 lanes.
    /// vpmaddubsw saturates at ±32767 per pair; every caller keeps |u·s| pairs below that (u ≤ 128, |s| ≤ 127).
    /// With AVX-VNNI the two steps fuse into one vpdpbusd (no intermediate saturation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAddU8I8(Vector256<byte> u, Vector256<sbyte> s)
    {
        if (AvxVnni.IsSupported)
            return AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, u, s);
        return Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(u, s), Vector256<short>.One);
    }

    /// <summary>Signed × signed version: vpmaddubsw needs one unsigned operand, so use |x| and y·sign(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAddI8I8(Vector256<sbyte> x, Vector256<sbyte> y) =>
        MulAddU8I8(Avx2.Abs(x), Avx2.Sign(y, x));

    /// <summary>Lane k = 0xFF when bit k of <paramref name="bits"/> is set, else 0 (ggml bytes_from_bits_32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> BytesFromBits32(uint bits)
    {
        // Lane k takes byte k/8 of the broadcast word, then ORs every bit except bit k%8: all-ones iff bit set.
        var spread = Avx2.Shuffle(Vector256.Create(bits).AsByte(),
            Vector256.Create(0x0000000000000000UL, 0x0101010101010101UL, 0x0202020202020202UL, 0x0303030303030303UL).AsByte());
        spread |= Vector256.Create(0x7fbfdfeff7fbfdfeUL).AsByte();
        return Avx2.CompareEqual(spread, Vector256<byte>.AllBitsSet);
    }

    /// <summary>32 nibbles from 16 bytes: lanes 0..15 are the low nibbles, lanes 16..31 the high nibbles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<byte> Nibbles32(byte* p)
    {
        var packed = Sse2.LoadVector128(p);
        var both = Vector256.Create(packed, Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte());
        return both & Vector256.Create((byte)0x0F);
    }

    /// <summary>Shuffle controls: pattern p = scale byte 2p in lanes 0..7 and 2p+1 in lanes 8..15.</summary>
    public static ReadOnlySpan<byte> ScalePairs =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
        4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5,
        6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7,
        8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9,
        10, 10, 10, 10, 10, 10, 10, 10, 11, 11, 11, 11, 11, 11, 11, 11,
        12, 12, 12, 12, 12, 12, 12, 12, 13, 13, 13, 13, 13, 13, 13, 13,
        14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15, 15,
    ];

    /// <summary>
    /// For the 16-value sub-block scales of Q2_K/Q3_K/Q6_K: 16 int16 lanes holding signed scale byte 2p (lanes
    /// 0..7) and 2p+1 (lanes 8..15), i.e. the weights of the 16 pair sums a vpmaddubsw over 32 values produces.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> ScalePair(Vector128<byte> scales, ref byte pairs, int pattern)
    {
        var control = Vector128.LoadUnsafe(ref pairs, (nuint)(16 * pattern));
        return Avx2.ConvertToVector256Int16(Ssse3.Shuffle(scales, control).AsSByte());
    }
}
