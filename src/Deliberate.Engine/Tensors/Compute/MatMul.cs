using Deliberate.Engine.Tensors.Dot;
using Deliberate.Engine.Tensors.Quantization;

namespace Deliberate.Engine.Tensors.Compute;

/// <summary>
/// y = W·x products the way llama.cpp's CPU backend does them: activations are converted once to the weight
/// type's dot format (Q8_0 / Q8_1 / Q8_K / f32), then the weight rows are split across the pool's threads and
/// each row is dotted with every activation row while it is hot in cache (four at a time where the type
/// has a <see cref="MultiRowDot"/> kernel, so each weight block is unpacked once per four rows).
/// </summary>
public static unsafe class MatMul
{
    /// <summary>Matrix-vector product (decode): <c>y[r] = W.row(r) · x</c>.</summary>
    public static void Multiply(ComputePool pool, QuantizedMatrix w, ReadOnlySpan<float> x, Span<float> y) =>
        Multiply(pool, w, x, y, 1);

    /// <summary>
    /// Matrix-matrix product (prompt processing): <paramref name="xRows"/> is n×Cols row-major,
    /// <paramref name="yRows"/> is n×Rows row-major, <c>yRows[i, r] = W.row(r) · xRows[i]</c>.
    /// </summary>
    public static void Multiply(ComputePool pool, QuantizedMatrix w, ReadOnlySpan<float> xRows, Span<float> yRows, int n)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (xRows.Length < (long)n * w.Cols)
            throw new ArgumentException($"activations hold {xRows.Length} floats; {n} x {w.Cols} needed", nameof(xRows));
        if (yRows.Length < (long)n * w.Rows)
            throw new ArgumentException($"output holds {yRows.Length} floats; {n} x {w.Rows} needed", nameof(yRows));
        if (n == 0 || w.Rows == 0) return;

        var activationType = RowDot.ActivationType(w.Type);
        var activationRowBytes = GgmlTypeInfo.Get(activationType).RowBytes(w.Cols);
        fixed (float* xp = xRows)
        fixed (float* yp = yRows)
        {
            byte* activations;
            if (activationType == GgmlType.F32)
            {
                activations = (byte*)xp;
            }
            else
            {
                activations = pool.Workspace.Rent((nuint)(activationRowBytes * n));
                for (var i = 0; i < n; i++)
                    ActivationQuantizer.Quantize(activationType, xp + (long)i * w.Cols, activations + activationRowBytes * i, w.Cols);
            }
            var job = new Job
            {
                Weights = w,
                Activations = activations,
                ActivationRowBytes = activationRowBytes,
                Output = yp,
                Count = n,
                Dot = RowDot.For(w.Type),
                Dot4 = MultiRowDot.For(w.Type, Kernels.KernelDispatch.Selected),
                ChunkRows = Math.Max(MinChunkRows, w.Rows / (pool.ThreadCount * ChunksPerThread)),
            };
            pool.Run(&RunSlice, &job);
        }
    }

    private struct Job
    {
        public QuantizedMatrix Weights;
        public byte* Activations;
        public long ActivationRowBytes;
        public float* Output;
        public int Count;
        public delegate*<byte*, byte*, int, float> Dot;
        public delegate*<byte*, byte*, long, int, float*, void> Dot4;
        public int ChunkRows;
        public int NextChunk;
    }

    /// <summary>
    /// Rows are handed out in chunks from a shared counter rather than as one fixed slice per thread, so when
    /// the OS preempts one thread (the machines are shared) the others take over its remaining rows. Four
    /// chunks per thread keep the atomic traffic negligible; 16 rows is the floor for tiny matrices.
    /// </summary>
    private const int ChunksPerThread = 4;
    private const int MinChunkRows = 16;

    /// <summary>Each thread claims chunks of weight rows until none are left.</summary>
    private static void RunSlice(void* context, int index, int threads)
    {
        ref var job = ref *(Job*)context;
        var rows = job.Weights.Rows;
        while (true)
        {
            var begin = (Interlocked.Increment(ref job.NextChunk) - 1) * job.ChunkRows;
            if (begin >= rows) return;
            RunRows(ref job, begin, Math.Min(rows, begin + job.ChunkRows));
        }
    }

    private static void RunRows(ref Job job, int begin, int end)
    {
        var rows = job.Weights.Rows;
        var cols = job.Weights.Cols;
        var four = stackalloc float[4];
        for (var r = begin; r < end; r++)
        {
            var row = job.Weights.Row(r);
            var i = 0;
            if (job.Dot4 != null)
            {
                for (; i + 4 <= job.Count; i += 4)
                {
                    job.Dot4(row, job.Activations + job.ActivationRowBytes * i, job.ActivationRowBytes, cols, four);
                    for (var k = 0; k < 4; k++) job.Output[(long)(i + k) * rows + r] = four[k];
                }
            }
            for (; i < job.Count; i++)
                job.Output[(long)i * rows + r] = job.Dot(row, job.Activations + job.ActivationRowBytes * i, cols);
        }
    }
}
