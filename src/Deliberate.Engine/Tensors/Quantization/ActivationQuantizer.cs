using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>
/// Converts f32 activations to the dot formats (Q8_0, Q8_1, Q8_K) once per matrix product. The AVX2 paths
/// produce exactly the bytes of the scalar codecs (<see cref="Q8_0Codec"/>, <see cref="Q8_1Codec"/>,
/// <see cref="Q8_KCodec"/>): the same multiplies, and vcvtps2dq rounds to nearest even like MathF.Round and
/// ggml's nearest_int.
/// </summary>
internal static unsafe class ActivationQuantizer
{
    public static void Quantize(GgmlType type, float* x, byte* y, int n, bool allowSimd = true)
    {
        var simd = allowSimd && Avx2.IsSupported;
        switch (type)
        {
            case GgmlType.Q8_0 when simd: Q8_0(x, y, n, withSums: false); break;
            case GgmlType.Q8_1 when simd: Q8_0(x, y, n, withSums: true); break;
            case GgmlType.Q8_K when simd: Q8_K(x, y, n); break;
            default: Quantizer.Quantize(type, x, y, n); break;
        }
    }

    /// <summary>Q8_0 (36-byte Q8_1 blocks when <paramref name="withSums"/>): 4 vectors per 32-value block.</summary>
    private static void Q8_0(float* x, byte* y, int n, bool withSums)
    {
        var stride = withSums ? BlockQ8_1.Size : BlockQ8_0.Size;
        var header = withSums ? 4 : 2;
        for (var i = 0; i < n / 32; i++, x += 32, y += stride)
        {
            var v0 = Avx.LoadVector256(x);
            var v1 = Avx.LoadVector256(x + 8);
            var v2 = Avx.LoadVector256(x + 16);
            var v3 = Avx.LoadVector256(x + 24);
            var amax = HorizontalMax(Vector256.Max(Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)), Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3))));
            var d = amax / 127;
            var id = Vector256.Create(d != 0 ? 1f / d : 0f);
            var q0 = Avx.ConvertToVector256Int32(v0 * id);
            var q1 = Avx.ConvertToVector256Int32(v1 * id);
            var q2 = Avx.ConvertToVector256Int32(v2 * id);
            var q3 = Avx.ConvertToVector256Int32(v3 * id);
            Avx.Store((sbyte*)(y + header), Pack(q0, q1, q2, q3));
            *(ushort*)y = Fp16.FromSingle(d);
            if (withSums)
                ((ushort*)y)[1] = Fp16.FromSingle(Vector256.Sum(q0 + q1 + q2 + q3) * d);
        }
    }

    private static void Q8_K(float* x, byte* y, int n)
    {
        for (var i = 0; i < n / 256; i++, x += 256, y += BlockQ8_K.Size)
        {
            var m = Vector256<float>.Zero;
            for (var j = 0; j < 256; j += 8) m = Vector256.Max(m, Vector256.Abs(Avx.LoadVector256(x + j)));
            var amax = HorizontalMax(m);
            var block = (BlockQ8_K*)y;
            if (amax == 0)
            {
                new Span<byte>(y, BlockQ8_K.Size).Clear();
                continue;
            }
            // The scalar codec keeps the first element whose |x| is the maximum; find it the same way.
            var max = 0f;
            for (var j = 0; j < 256; j++)
            {
                if (MathF.Abs(x[j]) == amax) { max = x[j]; break; }
            }
            var iscale = -127f / max;
            var scale = Vector256.Create(iscale);
            var limit = Vector256.Create(127);
            for (var g = 0; g < 256; g += 32)
            {
                var q0 = Vector256.Min(Avx.ConvertToVector256Int32(Avx.LoadVector256(x + g) * scale), limit);
                var q1 = Vector256.Min(Avx.ConvertToVector256Int32(Avx.LoadVector256(x + g + 8) * scale), limit);
                var q2 = Vector256.Min(Avx.ConvertToVector256Int32(Avx.LoadVector256(x + g + 16) * scale), limit);
                var q3 = Vector256.Min(Avx.ConvertToVector256Int32(Avx.LoadVector256(x + g + 24) * scale), limit);
                Avx.Store(block->Qs + g, Pack(q0, q1, q2, q3));
                block->BSums[g / 16] = (short)Vector256.Sum(q0 + q1);
                block->BSums[g / 16 + 1] = (short)Vector256.Sum(q2 + q3);
            }
            block->D = 1 / iscale;
        }
    }

    /// <summary>
    /// 32 int32 (each within int8 range) → 32 int8 in order. vpackssdw/vpacksswb interleave the 128-bit lanes,
    /// leaving dword order 0,4,1,5,2,6,3,7; one vpermd restores it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<sbyte> Pack(Vector256<int> q0, Vector256<int> q1, Vector256<int> q2, Vector256<int> q3)
    {
        var bytes = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(q0, q1), Avx2.PackSignedSaturate(q2, q3));
        return Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsSByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector256<float> v)
    {
        var m = Vector128.Max(v.GetLower(), v.GetUpper());
        m = Vector128.Max(m, Sse.MoveHighToLow(m, m));
        m = Vector128.Max(m, Sse.Shuffle(m, m, 0b01));
        return m.ToScalar();
    }
}
