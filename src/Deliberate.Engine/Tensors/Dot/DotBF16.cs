using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>BF16 weights · F32 activations (bf16 → f32 is a 16-bit left shift, so it is exact and cheap).</summary>
internal static unsafe class DotBF16
{
    public static float Scalar(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        float sum = 0;
        for (var i = 0; i < n; i++) sum += Fp16.BFloat16ToSingle(a[i]) * b[i];
        return sum;
    }

    public static float V256(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        Vector256<float> s0 = default, s1 = default;
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            s0 = Fma.MultiplyAdd(Widen(a + i), Avx.LoadVector256(b + i), s0);
            s1 = Fma.MultiplyAdd(Widen(a + i + 8), Avx.LoadVector256(b + i + 8), s1);
        }
        for (; i + 8 <= n; i += 8)
            s0 = Fma.MultiplyAdd(Widen(a + i), Avx.LoadVector256(b + i), s0);
        var sum = Vector256.Sum(s0 + s1);
        for (; i < n; i++) sum += Fp16.BFloat16ToSingle(a[i]) * b[i];
        return sum;
    }

    private static Vector256<float> Widen(ushort* p) => Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(p), 16).AsSingle();

    public static float V512(byte* w, byte* x, int n)
    {
        var a = (ushort*)w;
        var b = (float*)x;
        Vector512<float> s0 = default, s1 = default;
        var i = 0;
        for (; i + 32 <= n; i += 32)
        {
            s0 = Avx512F.FusedMultiplyAdd(Widen16(a + i), Avx512F.LoadVector512(b + i), s0);
            s1 = Avx512F.FusedMultiplyAdd(Widen16(a + i + 16), Avx512F.LoadVector512(b + i + 16), s1);
        }
        for (; i + 16 <= n; i += 16)
            s0 = Avx512F.FusedMultiplyAdd(Widen16(a + i), Avx512F.LoadVector512(b + i), s0);
        var sum = Vector512.Sum(s0 + s1);
        for (; i < n; i++) sum += Fp16.BFloat16ToSingle(a[i]) * b[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen16(ushort* p) =>
        Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Avx.LoadVector256(p)), 16).AsSingle();
}
