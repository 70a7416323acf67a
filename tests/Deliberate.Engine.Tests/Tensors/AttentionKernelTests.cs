using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Blocks;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>
/// Attention's score and weighted-sum kernels over strided f32 and f16 KV rows: SIMD vs scalar twin vs a
/// double-precision formula, for head sizes with and without a vector tail and position counts around the
/// kernels' 4- and 8-row blocks. Rows sit in a wider buffer (other heads' slices between them) so a stride bug shows.
/// </summary>
[Trait("Category", "Kernels")]
public unsafe class AttentionKernelTests
{
    private static readonly int[] HeadSizes = [1, 7, 8, 12, 32, 40, 64, 128];
    private static readonly int[] Counts = [0, 1, 3, 4, 5, 7, 8, 9, 16, 17, 33, 130];
    private const int OtherHeads = 3;

    public static TheoryData<GgmlType> Types() => new() { GgmlType.F32, GgmlType.F16, GgmlType.BF16 };

    /// <summary>count rows of <paramref name="length"/> values, each followed by other heads' data; and the values as stored.</summary>
    private static (byte[] Rows, double[][] Stored, long RowBytes) Cache(GgmlType type, int count, int length, int seed)
    {
        var elementBytes = type == GgmlType.F32 ? 4 : 2;
        var rowBytes = (long)length * OtherHeads * elementBytes;
        var bytes = new byte[count * rowBytes + 64];
        var stored = new double[count][];
        var data = TestData.Gaussian(count * length * OtherHeads, seed);
        fixed (byte* p = bytes)
        {
            for (var t = 0; t < count; t++)
            {
                stored[t] = new double[length];
                for (var j = 0; j < length * OtherHeads; j++)
                {
                    var v = data[t * length * OtherHeads + j];
                    if (type == GgmlType.F16)
                    {
                        var h = Fp16.FromSingle(v);
                        ((ushort*)(p + t * rowBytes))[j] = h;
                        v = Fp16.ToSingle(h);
                    }
                    else if (type == GgmlType.BF16)
                    {
                        var h = Fp16.SingleToBFloat16(v);
                        ((ushort*)(p + t * rowBytes))[j] = h;
                        v = Fp16.BFloat16ToSingle(h);
                    }
                    else
                    {
                        ((float*)(p + t * rowBytes))[j] = v;
                    }
                    if (j < length) stored[t][j] = v;
                }
            }
        }
        return (bytes, stored, rowBytes);
    }

    private static void Close(double expected, float actual, double magnitude, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * (1 + magnitude), $"{what}: expected {expected}, got {actual}");

    [Theory]
    [MemberData(nameof(Types))]
    public void ScoresMatchTheFormula(GgmlType type)
    {
        foreach (var length in HeadSizes)
        foreach (var count in Counts)
        {
            var (rows, stored, rowBytes) = Cache(type, count, length, length * 1000 + count);
            var query = TestData.Gaussian(length, length + count);
            var simd = new float[count + 1];
            var scalar = new float[count + 1];
            simd[count] = scalar[count] = 42; // one past the end stays untouched
            fixed (byte* k = rows)
            fixed (float* q = query, s = simd, r = scalar)
            {
                AttentionKernels.Scores(q, k, rowBytes, type, count, length, 0.25f, s);
                AttentionKernels.ScoresScalar(q, k, rowBytes, type, count, length, 0.25f, r);
            }
            for (var t = 0; t < count; t++)
            {
                double dot = 0, magnitude = 0;
                for (var i = 0; i < length; i++)
                {
                    dot += query[i] * stored[t][i];
                    magnitude += Math.Abs(query[i] * stored[t][i]);
                }
                Close(0.25 * dot, simd[t], magnitude, $"{type} simd length {length} count {count} t {t}");
                Close(0.25 * dot, scalar[t], magnitude, $"{type} scalar length {length} count {count} t {t}");
            }
            Assert.Equal(42, simd[count]);
            Assert.Equal(42, scalar[count]);
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void WeightedSumMatchesTheFormula(GgmlType type)
    {
        foreach (var length in HeadSizes)
        foreach (var count in Counts)
        {
            var (rows, stored, rowBytes) = Cache(type, count, length, length * 7 + count);
            var weights = TestData.Gaussian(count, count + 5);
            var simd = Enumerable.Repeat(float.NaN, length + 1).ToArray(); // overwritten, not accumulated into
            var scalar = Enumerable.Repeat(float.NaN, length + 1).ToArray();
            fixed (byte* v = rows)
            fixed (float* w = weights, s = simd, r = scalar)
            {
                AttentionKernels.WeightedSum(w, v, rowBytes, type, count, length, s);
                AttentionKernels.WeightedSumScalar(w, v, rowBytes, type, count, length, r);
            }
            for (var i = 0; i < length; i++)
            {
                double sum = 0, magnitude = 0;
                for (var t = 0; t < count; t++)
                {
                    sum += weights[t] * stored[t][i];
                    magnitude += Math.Abs(weights[t] * stored[t][i]);
                }
                Close(sum, simd[i], magnitude, $"{type} simd length {length} count {count} i {i}");
                Close(sum, scalar[i], magnitude, $"{type} scalar length {length} count {count} i {i}");
            }
            Assert.True(float.IsNaN(simd[length]) && float.IsNaN(scalar[length]), "wrote past the output");
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void PairKernelsEqualTwoSingleHeadCalls(GgmlType type)
    {
        foreach (var length in HeadSizes)
        foreach (var count in Counts)
        {
            var (rows, stored, rowBytes) = Cache(type, count, length, length * 31 + count);
            var query0 = TestData.Gaussian(length, 3 * length + count);
            var query1 = TestData.Gaussian(length, 5 * length + count);
            var pair = new float[2, count + 1];
            var single = new float[2, count + 1];
            pair[0, count] = pair[1, count] = 42;
            var weights0 = TestData.Gaussian(count, count + 11);
            var weights1 = TestData.Gaussian(count, count + 13);
            var sums = Enumerable.Repeat(float.NaN, 2 * (length + 1)).ToArray();
            var expected = new float[2 * length];
            fixed (byte* kv = rows)
            fixed (float* q0 = query0, q1 = query1, p = pair, r = single, w0 = weights0, w1 = weights1, o = sums, e = expected)
            {
                AttentionKernels.ScoresPair(q0, q1, kv, rowBytes, type, count, length, 0.25f, p, p + count + 1);
                AttentionKernels.Scores(q0, kv, rowBytes, type, count, length, 0.25f, r);
                AttentionKernels.Scores(q1, kv, rowBytes, type, count, length, 0.25f, r + count + 1);
                AttentionKernels.WeightedSumPair(w0, w1, kv, rowBytes, type, count, length, o, o + length + 1);
                AttentionKernels.WeightedSumScalar(w0, kv, rowBytes, type, count, length, e);
                AttentionKernels.WeightedSumScalar(w1, kv, rowBytes, type, count, length, e + length);
            }
            for (var h = 0; h < 2; h++)
            {
                for (var t = 0; t < count; t++)
                    Assert.Equal(single[h, t], pair[h, t]); // the same FMA chains in the same order
                Assert.Equal(42, pair[h, count]);
                for (var i = 0; i < length; i++)
                {
                    double magnitude = 0;
                    for (var t = 0; t < count; t++)
                        magnitude += Math.Abs((h == 0 ? weights0 : weights1)[t] * stored[t][i]);
                    Close(expected[h * length + i], sums[h * (length + 1) + i], magnitude, $"{type} pair sum head {h} length {length} count {count} i {i}");
                }
                Assert.True(float.IsNaN(sums[h * (length + 1) + length]), "wrote past the output");
            }
        }
    }

    [Fact]
    public void OtherRowTypesAreRejected()
    {
        var buffer = new float[8];
        fixed (float* p = buffer)
        {
            var f = p;
            Assert.Throws<ArgumentException>(() => AttentionKernels.Scores(f, (byte*)f, 16, GgmlType.Q8_0, 1, 4, 1, f));
            Assert.Throws<ArgumentException>(() => AttentionKernels.WeightedSum(f, (byte*)f, 16, GgmlType.Q4_0, 1, 4, f + 4));
            Assert.Throws<ArgumentException>(() => AttentionKernels.ScoresPair(f, f, (byte*)f, 16, GgmlType.Q8_0, 1, 4, 1, f, f));
            Assert.Throws<ArgumentException>(() => AttentionKernels.WeightedSumPair(f, f, (byte*)f, 16, GgmlType.Q8_0, 1, 4, f, f));
        }
    }
}
