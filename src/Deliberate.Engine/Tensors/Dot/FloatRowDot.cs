using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tensors.Dot;

/// <summary>
/// The float-weight dot loops (F16, BF16, and F32 at 512 bits) written once: weights are widened to f32 by the
/// format's <see cref="IFloatWeights"/> (a struct type argument, so each format gets its own compiled loop) and
/// multiplied into two FMA chains against f32 activations; the tail runs scalar.
/// </summary>
internal static unsafe class FloatRowDot
{
    public interface IFloatWeights
    {
        static abstract Vector256<float> Load8(byte* w, int i);

        static abstract Vector512<float> Load16(byte* w, int i);

        static abstract float Load1(byte* w, int i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float V256<TWeights>(byte* w, byte* x, int n)
        where TWeights : struct, IFloatWeights
    {
        var b = (float*)x;
        Vector256<float> s0 = default, s1 = default;
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            s0 = Fma.MultiplyAdd(TWeights.Load8(w, i), Avx.LoadVector256(b + i), s0);
            s1 = Fma.MultiplyAdd(TWeights.Load8(w, i + 8), Avx.LoadVector256(b + i + 8), s1);
        }
        for (; i + 8 <= n; i += 8)
            s0 = Fma.MultiplyAdd(TWeights.Load8(w, i), Avx.LoadVector256(b + i), s0);
        var sum = Vector256.Sum(s0 + s1);
        for (; i < n; i++) sum += TWeights.Load1(w, i) * b[i];
        return sum;
    }

    /// <summary>Two 512-bit FMA chains (Zen 4 runs each as two 256-bit halves, so two chains keep four in flight).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float V512<TWeights>(byte* w, byte* x, int n)
        where TWeights : struct, IFloatWeights
    {
        var b = (float*)x;
        Vector512<float> s0 = default, s1 = default;
        var i = 0;
        for (; i + 32 <= n; i += 32)
        {
            s0 = Avx512F.FusedMultiplyAdd(TWeights.Load16(w, i), Avx512F.LoadVector512(b + i), s0);
            s1 = Avx512F.FusedMultiplyAdd(TWeights.Load16(w, i + 16), Avx512F.LoadVector512(b + i + 16), s1);
        }
        for (; i + 16 <= n; i += 16)
            s0 = Avx512F.FusedMultiplyAdd(TWeights.Load16(w, i), Avx512F.LoadVector512(b + i), s0);
        var sum = Vector512.Sum(s0 + s1);
        for (; i < n; i++) sum += TWeights.Load1(w, i) * b[i];
        return sum;
    }

    public readonly struct SingleWeights : IFloatWeights
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load8(byte* w, int i) => Avx.LoadVector256((float*)w + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load16(byte* w, int i) => Avx512F.LoadVector512((float*)w + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load1(byte* w, int i) => ((float*)w)[i];
    }

    public readonly struct HalfWeights : IFloatWeights
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load8(byte* w, int i) => Fp16Conversion.Widen8((ushort*)w + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load16(byte* w, int i) => Fp16Conversion.Widen16((ushort*)w + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load1(byte* w, int i) => Fp16.ToSingle(((ushort*)w)[i]);
    }

    public readonly struct BFloat16Weights : IFloatWeights
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load8(byte* w, int i) =>
            Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((ushort*)w + i), 16).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load16(byte* w, int i) =>
            Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Avx.LoadVector256((ushort*)w + i)), 16).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load1(byte* w, int i) => Fp16.BFloat16ToSingle(((ushort*)w)[i]);
    }
}
