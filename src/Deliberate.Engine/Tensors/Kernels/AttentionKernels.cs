using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Deliberate.Engine.Tensors.Kernels;

/// <summary>
/// The two inner loops of attention over a KV cache whose rows (one head's slice per position) sit
/// <c>rowBytes</c> apart, stored as f32, f16 or bf16. One call covers every position of a head: calling a row kernel per
/// position costs a call and a serial FMA chain per 128 elements, which measured as most of the attention time at
/// long contexts. Scores take four keys at a time (independent accumulators hide FMA latency); the weighted sum
/// takes eight value rows per pass over the output so it is loaded and stored once per eight rows.
/// Each kernel has a scalar twin; the SIMD path needs AVX2 + FMA (the f16 rows are widened with AVX2).
/// </summary>
internal static unsafe class AttentionKernels
{
    /// <summary><c>scores[t] = scale · (query · key_t)</c> for <c>t &lt; count</c>.</summary>
    public static void Scores(float* query, byte* keys, long rowBytes, GgmlType type, int count, int length, float scale, float* scores)
    {
        CheckType(type);
        if (!(Avx2.IsSupported && Fma.IsSupported))
            ScoresScalar(query, keys, rowBytes, type, count, length, scale, scores);
        else if (type == GgmlType.F16)
            ScoresSimd<HalfRow>(query, keys, rowBytes, count, length, scale, scores);
        else if (type == GgmlType.BF16)
            ScoresSimd<BFloat16Row>(query, keys, rowBytes, count, length, scale, scores);
        else
            ScoresSimd<SingleRow>(query, keys, rowBytes, count, length, scale, scores);
    }

    /// <summary>Scalar twin of <see cref="Scores"/>.</summary>
    public static void ScoresScalar(float* query, byte* keys, long rowBytes, GgmlType type, int count, int length, float scale, float* scores)
    {
        CheckType(type);
        for (var t = 0; t < count; t++)
        {
            var row = keys + t * rowBytes;
            float sum = 0;
            for (var i = 0; i < length; i++)
                sum += query[i] * Element(row, i, type);
            scores[t] = sum * scale;
        }
    }

    /// <summary><c>output[i] = Σ_t weights[t] · value_t[i]</c> for <c>i &lt; length</c> (output is overwritten).</summary>
    public static void WeightedSum(float* weights, byte* values, long rowBytes, GgmlType type, int count, int length, float* output)
    {
        CheckType(type);
        if (!(Avx2.IsSupported && Fma.IsSupported))
            WeightedSumScalar(weights, values, rowBytes, type, count, length, output);
        else if (type == GgmlType.F16)
            WeightedSumSimd<HalfRow>(weights, values, rowBytes, count, length, output);
        else if (type == GgmlType.BF16)
            WeightedSumSimd<BFloat16Row>(weights, values, rowBytes, count, length, output);
        else
            WeightedSumSimd<SingleRow>(weights, values, rowBytes, count, length, output);
    }

    /// <summary>Scalar twin of <see cref="WeightedSum"/>.</summary>
    public static void WeightedSumScalar(float* weights, byte* values, long rowBytes, GgmlType type, int count, int length, float* output)
    {
        CheckType(type);
        new Span<float>(output, length).Clear();
        for (var t = 0; t < count; t++)
        {
            var row = values + t * rowBytes;
            for (var i = 0; i < length; i++)
                output[i] = MathF.FusedMultiplyAdd(weights[t], Element(row, i, type), output[i]);
        }
    }

    private static void ScoresSimd<TRow>(float* query, byte* keys, long rowBytes, int count, int length, float scale, float* scores)
        where TRow : IKvRow
    {
        var vectorLength = length & ~7;
        var t = 0;
        for (; t + 4 <= count; t += 4)
        {
            byte* r0 = keys + t * rowBytes, r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var i = 0; i < vectorLength; i += 8)
            {
                var q = Avx.LoadVector256(query + i);
                a0 = Fma.MultiplyAdd(TRow.Load8(r0, i), q, a0);
                a1 = Fma.MultiplyAdd(TRow.Load8(r1, i), q, a1);
                a2 = Fma.MultiplyAdd(TRow.Load8(r2, i), q, a2);
                a3 = Fma.MultiplyAdd(TRow.Load8(r3, i), q, a3);
            }
            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (var i = vectorLength; i < length; i++)
            {
                s0 += query[i] * TRow.Load(r0, i);
                s1 += query[i] * TRow.Load(r1, i);
                s2 += query[i] * TRow.Load(r2, i);
                s3 += query[i] * TRow.Load(r3, i);
            }
            scores[t] = s0 * scale;
            scores[t + 1] = s1 * scale;
            scores[t + 2] = s2 * scale;
            scores[t + 3] = s3 * scale;
        }
        for (; t < count; t++)
        {
            var row = keys + t * rowBytes;
            var acc = Vector256<float>.Zero;
            for (var i = 0; i < vectorLength; i += 8)
                acc = Fma.MultiplyAdd(TRow.Load8(row, i), Avx.LoadVector256(query + i), acc);
            var sum = Vector256.Sum(acc);
            for (var i = vectorLength; i < length; i++)
                sum += query[i] * TRow.Load(row, i);
            scores[t] = sum * scale;
        }
    }

    private static void WeightedSumSimd<TRow>(float* weights, byte* values, long rowBytes, int count, int length, float* output)
        where TRow : IKvRow
    {
        var vectorLength = length & ~7;
        new Span<float>(output, length).Clear();
        var t = 0;
        for (; t + 8 <= count; t += 8)
        {
            byte* r0 = values + t * rowBytes, r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
            byte* r4 = r3 + rowBytes, r5 = r4 + rowBytes, r6 = r5 + rowBytes, r7 = r6 + rowBytes;
            var w = weights + t;
            Vector256<float> w0 = Vector256.Create(w[0]), w1 = Vector256.Create(w[1]), w2 = Vector256.Create(w[2]),
                w3 = Vector256.Create(w[3]), w4 = Vector256.Create(w[4]), w5 = Vector256.Create(w[5]),
                w6 = Vector256.Create(w[6]), w7 = Vector256.Create(w[7]);
            for (var i = 0; i < vectorLength; i += 8)
            {
                // two chains of four, summed at the end: half the dependent FMA latency of one chain of eight
                var even = Fma.MultiplyAdd(TRow.Load8(r0, i), w0, Avx.LoadVector256(output + i));
                var odd = Avx.Multiply(TRow.Load8(r1, i), w1);
                even = Fma.MultiplyAdd(TRow.Load8(r2, i), w2, even);
                odd = Fma.MultiplyAdd(TRow.Load8(r3, i), w3, odd);
                even = Fma.MultiplyAdd(TRow.Load8(r4, i), w4, even);
                odd = Fma.MultiplyAdd(TRow.Load8(r5, i), w5, odd);
                even = Fma.MultiplyAdd(TRow.Load8(r6, i), w6, even);
                odd = Fma.MultiplyAdd(TRow.Load8(r7, i), w7, odd);
                Avx.Store(output + i, even + odd);
            }
            for (var i = vectorLength; i < length; i++)
            {
                var sum = output[i];
                for (var j = 0; j < 8; j++)
                    sum = MathF.FusedMultiplyAdd(w[j], TRow.Load(values + (t + j) * rowBytes, i), sum);
                output[i] = sum;
            }
        }
        for (; t < count; t++)
        {
            var row = values + t * rowBytes;
            var w = Vector256.Create(weights[t]);
            for (var i = 0; i < vectorLength; i += 8)
                Avx.Store(output + i, Fma.MultiplyAdd(TRow.Load8(row, i), w, Avx.LoadVector256(output + i)));
            for (var i = vectorLength; i < length; i++)
                output[i] = MathF.FusedMultiplyAdd(weights[t], TRow.Load(row, i), output[i]);
        }
    }

    /// <summary>
    /// <see cref="Scores"/> for two query heads that share one KV head (grouped-query attention): each key row is
    /// read once for both, so the cache is streamed half as often and each key load feeds two FMAs.
    /// </summary>
    public static void ScoresPair(float* query0, float* query1, byte* keys, long rowBytes, GgmlType type, int count, int length,
        float scale, float* scores0, float* scores1)
    {
        CheckType(type);
        if (!(Avx2.IsSupported && Fma.IsSupported))
        {
            ScoresScalar(query0, keys, rowBytes, type, count, length, scale, scores0);
            ScoresScalar(query1, keys, rowBytes, type, count, length, scale, scores1);
        }
        else if (type == GgmlType.F16)
            ScoresPairSimd<HalfRow>(query0, query1, keys, rowBytes, count, length, scale, scores0, scores1);
        else if (type == GgmlType.BF16)
            ScoresPairSimd<BFloat16Row>(query0, query1, keys, rowBytes, count, length, scale, scores0, scores1);
        else
            ScoresPairSimd<SingleRow>(query0, query1, keys, rowBytes, count, length, scale, scores0, scores1);
    }

    /// <summary><see cref="WeightedSum"/> for two heads over the same value rows (each value load feeds both outputs).</summary>
    public static void WeightedSumPair(float* weights0, float* weights1, byte* values, long rowBytes, GgmlType type, int count, int length,
        float* output0, float* output1)
    {
        CheckType(type);
        if (!(Avx2.IsSupported && Fma.IsSupported))
        {
            WeightedSumScalar(weights0, values, rowBytes, type, count, length, output0);
            WeightedSumScalar(weights1, values, rowBytes, type, count, length, output1);
        }
        else if (type == GgmlType.F16)
            WeightedSumPairSimd<HalfRow>(weights0, weights1, values, rowBytes, count, length, output0, output1);
        else if (type == GgmlType.BF16)
            WeightedSumPairSimd<BFloat16Row>(weights0, weights1, values, rowBytes, count, length, output0, output1);
        else
            WeightedSumPairSimd<SingleRow>(weights0, weights1, values, rowBytes, count, length, output0, output1);
    }

    private static void ScoresPairSimd<TRow>(float* query0, float* query1, byte* keys, long rowBytes, int count, int length, float scale,
        float* scores0, float* scores1)
        where TRow : IKvRow
    {
        var vectorLength = length & ~7;
        var t = 0;
        for (; t + 4 <= count; t += 4)
        {
            byte* r0 = keys + t * rowBytes, r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            for (var i = 0; i < vectorLength; i += 8)
            {
                var q = Avx.LoadVector256(query0 + i);
                var p = Avx.LoadVector256(query1 + i);
                var k = TRow.Load8(r0, i);
                a0 = Fma.MultiplyAdd(k, q, a0);
                b0 = Fma.MultiplyAdd(k, p, b0);
                k = TRow.Load8(r1, i);
                a1 = Fma.MultiplyAdd(k, q, a1);
                b1 = Fma.MultiplyAdd(k, p, b1);
                k = TRow.Load8(r2, i);
                a2 = Fma.MultiplyAdd(k, q, a2);
                b2 = Fma.MultiplyAdd(k, p, b2);
                k = TRow.Load8(r3, i);
                a3 = Fma.MultiplyAdd(k, q, a3);
                b3 = Fma.MultiplyAdd(k, p, b3);
            }
            scores0[t] = Vector256.Sum(a0);
            scores0[t + 1] = Vector256.Sum(a1);
            scores0[t + 2] = Vector256.Sum(a2);
            scores0[t + 3] = Vector256.Sum(a3);
            scores1[t] = Vector256.Sum(b0);
            scores1[t + 1] = Vector256.Sum(b1);
            scores1[t + 2] = Vector256.Sum(b2);
            scores1[t + 3] = Vector256.Sum(b3);
            for (var j = 0; j < 4; j++)
            {
                var row = keys + (t + j) * rowBytes;
                for (var i = vectorLength; i < length; i++)
                {
                    var k = TRow.Load(row, i);
                    scores0[t + j] += query0[i] * k;
                    scores1[t + j] += query1[i] * k;
                }
                scores0[t + j] *= scale;
                scores1[t + j] *= scale;
            }
        }
        if (t < count)
        {
            ScoresSimd<TRow>(query0, keys + t * rowBytes, rowBytes, count - t, length, scale, scores0 + t);
            ScoresSimd<TRow>(query1, keys + t * rowBytes, rowBytes, count - t, length, scale, scores1 + t);
        }
    }

    private static void WeightedSumPairSimd<TRow>(float* weights0, float* weights1, byte* values, long rowBytes, int count, int length,
        float* output0, float* output1)
        where TRow : IKvRow
    {
        var vectorLength = length & ~7;
        new Span<float>(output0, length).Clear();
        new Span<float>(output1, length).Clear();
        var t = 0;
        for (; t + 4 <= count; t += 4)
        {
            byte* r0 = values + t * rowBytes, r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
            float* w = weights0 + t, u = weights1 + t;
            Vector256<float> w0 = Vector256.Create(w[0]), w1 = Vector256.Create(w[1]), w2 = Vector256.Create(w[2]), w3 = Vector256.Create(w[3]);
            Vector256<float> u0 = Vector256.Create(u[0]), u1 = Vector256.Create(u[1]), u2 = Vector256.Create(u[2]), u3 = Vector256.Create(u[3]);
            for (var i = 0; i < vectorLength; i += 8)
            {
                var v = TRow.Load8(r0, i);
                var a = Fma.MultiplyAdd(v, w0, Avx.LoadVector256(output0 + i));
                var b = Fma.MultiplyAdd(v, u0, Avx.LoadVector256(output1 + i));
                v = TRow.Load8(r1, i);
                a = Fma.MultiplyAdd(v, w1, a);
                b = Fma.MultiplyAdd(v, u1, b);
                v = TRow.Load8(r2, i);
                a = Fma.MultiplyAdd(v, w2, a);
                b = Fma.MultiplyAdd(v, u2, b);
                v = TRow.Load8(r3, i);
                Avx.Store(output0 + i, Fma.MultiplyAdd(v, w3, a));
                Avx.Store(output1 + i, Fma.MultiplyAdd(v, u3, b));
            }
            for (var i = vectorLength; i < length; i++)
            {
                float a = output0[i], b = output1[i];
                for (var j = 0; j < 4; j++)
                {
                    var v = TRow.Load(values + (t + j) * rowBytes, i);
                    a = MathF.FusedMultiplyAdd(w[j], v, a);
                    b = MathF.FusedMultiplyAdd(u[j], v, b);
                }
                output0[i] = a;
                output1[i] = b;
            }
        }
        for (; t < count; t++)
        {
            var row = values + t * rowBytes;
            Vector256<float> w = Vector256.Create(weights0[t]), u = Vector256.Create(weights1[t]);
            for (var i = 0; i < vectorLength; i += 8)
            {
                var v = TRow.Load8(row, i);
                Avx.Store(output0 + i, Fma.MultiplyAdd(v, w, Avx.LoadVector256(output0 + i)));
                Avx.Store(output1 + i, Fma.MultiplyAdd(v, u, Avx.LoadVector256(output1 + i)));
            }
            for (var i = vectorLength; i < length; i++)
            {
                var v = TRow.Load(row, i);
                output0[i] = MathF.FusedMultiplyAdd(weights0[t], v, output0[i]);
                output1[i] = MathF.FusedMultiplyAdd(weights1[t], v, output1[i]);
            }
        }
    }

    private static float Element(byte* row, int i, GgmlType type) => type switch
    {
        GgmlType.F16 => HalfRow.Load(row, i),
        GgmlType.BF16 => BFloat16Row.Load(row, i),
        _ => SingleRow.Load(row, i),
    };

    private static void CheckType(GgmlType type)
    {
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16))
            throw new ArgumentException($"KV rows must be F32, F16 or BF16, not {type}", nameof(type));
    }

    /// <summary>How a KV row stores its elements; struct implementations so each kernel is compiled per format.</summary>
    private interface IKvRow
    {
        static abstract Vector256<float> Load8(byte* row, int index);

        static abstract float Load(byte* row, int index);
    }

    private readonly struct SingleRow : IKvRow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load8(byte* row, int index) => Avx.LoadVector256((float*)row + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load(byte* row, int index) => ((float*)row)[index];
    }

    private readonly struct HalfRow : IKvRow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load8(byte* row, int index) => Fp16Conversion.Widen8((ushort*)row + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load(byte* row, int index) => Blocks.Fp16.ToSingle(((ushort*)row)[index]);
    }

    private readonly struct BFloat16Row : IKvRow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load8(byte* row, int index) =>
            Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((ushort*)row + index), 16).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load(byte* row, int index) => Blocks.Fp16.BFloat16ToSingle(((ushort*)row)[index]);
    }
}
