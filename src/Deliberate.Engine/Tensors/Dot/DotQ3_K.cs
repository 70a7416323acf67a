using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// Q3_K weights · Q8_K activations: dw·dx·Σ_g scale[g]·Σ q3·q8 with q3 in −4..3 (third bit clear = −4).
/// </summary>
internal static unsafe class DotQ3_K
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var bw = (BlockQ3_K*)w;
        var bx = (BlockQ8_K*)x;
        var scales = stackalloc int[16];
        float sum = 0;
        for (var i = 0; i < n / 256; i++)
        {
            for (var g = 0; g < 16; g++) scales[g] = Q3_KCodec.Scale(bw[i].Scales, g);
            var isum = 0;
            var a = bx[i].Qs;
            for (var half = 0; half < 2; half++)
            {
                var q = bw[i].Qs + 32 * half;
                for (var j = 0; j < 4; j++, a += 32)
                {
                    var bit = 4 * half + j;
                    int s1 = 0, s2 = 0;
                    for (var l = 0; l < 16; l++)
                    {
                        s1 += (((q[l] >> (2 * j)) & 3) - (((bw[i].HMask[l] >> bit) & 1) != 0 ? 0 : 4)) * a[l];
                        s2 += (((q[l + 16] >> (2 * j)) & 3) - (((bw[i].HMask[l + 16] >> bit) & 1) != 0 ? 0 : 4)) * a[l + 16];
                    }
                    isum += scales[8 * half + 2 * j] * s1 + scales[8 * half + 2 * j + 1] * s2;
                }
            }
            sum += Fp16.ToSingle(bw[i].D) * bx[i].D * isum;
        }
        return sum;
    }

    /// <summary>
    /// Per 32 values: q = low2 − (hbit clear ? 4 : 0), computed as vpmaddubsw(low2, q8) − vpmaddubsw(4·!hbit, q8)
    /// so both operands stay unsigned; then the two signed 6-bit scales weight the int16 pair sums via vpmaddwd.
    /// </summary>
    public static float V256(byte* w, byte* x, int n)
    {
        var bw = (BlockQ3_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector256<float>.Zero;
        var low2 = Vector256.Create((byte)3);
        var one = Vector256.Create((byte)1);
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        for (var i = 0; i < n / 256; i++)
        {
            var d = Vector256.Create(bx[i].D * Fp16.ToSingle(bw[i].D));
            var scales = UnpackScales(bw[i].Scales);
            // Inverted high bits: byte l bit s set when value (s, l) must have 4 subtracted.
            var missing = (~Avx.LoadVector256(bw[i].HMask)).AsUInt16();
            var a = bx[i].Qs;
            var sumi = Vector256<int>.Zero;
            for (var half = 0; half < 2; half++)
            {
                var bits = Avx.LoadVector256(bw[i].Qs + 32 * half).AsUInt16();
                for (var k = 0; k < 4; k++, a += 32)
                {
                    var q3 = bits.AsByte() & low2;
                    var minus4 = Avx2.ShiftLeftLogical((missing.AsByte() & one).AsUInt16(), 2).AsByte();
                    bits = Avx2.ShiftRightLogical(bits, 2);
                    missing = Avx2.ShiftRightLogical(missing, 1);
                    var q8 = Avx.LoadVector256(a);
                    var products = Avx2.MultiplyAddAdjacent(q3, q8) - Avx2.MultiplyAddAdjacent(minus4, q8);
                    sumi += Avx2.MultiplyAddAdjacent(products, Simd.ScalePair(scales, ref pairs, 4 * half + k));
                }
            }
            acc = Fma.MultiplyAdd(d, Avx.ConvertToVector256Single(sumi), acc);
        }
        return Vector256.Sum(acc);
    }

    /// <summary>The 16 signed 6-bit scales as int8 (scale − 32), in sub-block order (word form of <see cref="Q3_KCodec.Scale"/>).</summary>
    private static Vector128<byte> UnpackScales(byte* b)
    {
        var a0 = *(uint*)b;
        var a1 = *(uint*)(b + 4);
        var a2 = *(uint*)(b + 8);
        const uint Low4 = 0x0f0f0f0f, Low2 = 0x03030303;
        var s0 = (a0 & Low4) | ((a2 & Low2) << 4);
        var s1 = (a1 & Low4) | (((a2 >> 2) & Low2) << 4);
        var s2 = ((a0 >> 4) & Low4) | (((a2 >> 4) & Low2) << 4);
        var s3 = ((a1 >> 4) & Low4) | (((a2 >> 6) & Low2) << 4);
        return Vector128.Create(s0, s1, s2, s3).AsByte() - Vector128.Create((byte)32);
    }

    /// <summary>
    /// As <see cref="V256"/> with both halves of a super-block in one register: lanes 32..63 read the inverted
    /// high-bit mask four planes ahead (half 1 uses bits 4..7 of each hmask byte, half 0 bits 0..3).
    /// </summary>
    public static float V512(byte* w, byte* x, int n)
    {
        var bw = (BlockQ3_K*)w;
        var bx = (BlockQ8_K*)x;
        var acc = Vector512<float>.Zero;
        var low2 = Vector512.Create((byte)3);
        var one = Vector512.Create((byte)1);
        ref var pairs = ref MemoryMarshal.GetReference(Simd.ScalePairs);
        for (var i = 0; i < n / 256; i++)
        {
            var scales = UnpackScales(bw[i].Scales);
            var inverted = ~Avx.LoadVector256(bw[i].HMask);
            var missing = Vector512.Create(inverted, Avx2.ShiftRightLogical(inverted.AsUInt16(), 4).AsByte());
            var bits = Avx512F.LoadVector512(bw[i].Qs);
            var a = bx[i].Qs;
            var sumi = Vector512<int>.Zero;
            for (var k = 0; k < 4; k++, a += 32)
            {
                var q3 = bits & low2;
                var minus4 = Simd512.ShiftLeft(missing & one, 2);
                bits = Simd512.ShiftRight(bits, 2);
                missing = Simd512.ShiftRight(missing, 1);
                var q8 = Simd512.Load2(a, a + 128);
                var products = Avx512BW.MultiplyAddAdjacent(q3, q8) - Avx512BW.MultiplyAddAdjacent(minus4, q8);
                sumi += Avx512BW.MultiplyAddAdjacent(products, Simd512.ScalePairs(scales, ref pairs, k, 4 + k));
            }
            acc = Avx512F.FusedMultiplyAdd(Vector512.Create(bx[i].D * Fp16.ToSingle(bw[i].D)), Avx512F.ConvertToVector512Single(sumi), acc);
        }
        return Vector512.Sum(acc);
    }
}
