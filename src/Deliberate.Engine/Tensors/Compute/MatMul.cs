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
        if (yRows.Length < (long)n * w.Rows)
            throw new ArgumentException($"output holds {yRows.Length} floats; {n} x {w.Rows} needed", nameof(yRows));
        fixed (float* yp = yRows)
            MultiplyShared(pool, xRows, n, [new MatMulTarget(w, yp)]);
    }

    /// <summary>
    /// Several products of the same activations (a layer's q/k/v, or gate/up): the activations are converted once
    /// per dot format and all the matrices' rows go out in one dispatch, so the threads meet at one barrier instead
    /// of one per matrix. Each target's output is n×Rows row-major. At most <see cref="MaxSharedTargets"/> targets,
    /// all with the same Cols.
    /// </summary>
    public static void MultiplyShared(ComputePool pool, ReadOnlySpan<float> xRows, int n, ReadOnlySpan<MatMulTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (targets.Length is 0 or > MaxSharedTargets)
            throw new ArgumentOutOfRangeException(nameof(targets), $"{targets.Length} targets; 1 to {MaxSharedTargets} allowed");
        int cols = targets[0].Weights.Cols;
        foreach (var t in targets)
        {
            if (t.Weights.Cols != cols)
                throw new ArgumentException($"targets share one input: {t.Weights.Cols} columns where {cols} were expected", nameof(targets));
            if (t.Output == null)
                throw new ArgumentNullException(nameof(targets), "a target has no output");
        }
        if (xRows.Length < (long)n * cols)
            throw new ArgumentException($"activations hold {xRows.Length} floats; {n} x {cols} needed", nameof(xRows));
        if (n == 0) return;

        var job = new Job { Count = n };
        fixed (float* xp = xRows)
        {
            var formats = stackalloc GgmlType[MaxSharedTargets];
            var converted = stackalloc long[MaxSharedTargets];
            var formatCount = 0;
            long scratch = 0;
            foreach (var t in targets)
            {
                var type = RowDot.ActivationType(t.Weights.Type);
                if (type == GgmlType.F32 || IndexOf(formats, formatCount, type) >= 0) continue;
                converted[formatCount] = scratch;
                formats[formatCount++] = type;
                scratch += GgmlTypeInfo.Get(type).RowBytes(cols) * n;
            }
            var workspace = scratch > 0 ? pool.Workspace.Rent((nuint)scratch) : null;
            for (var f = 0; f < formatCount; f++)
            {
                var rowBytes = GgmlTypeInfo.Get(formats[f]).RowBytes(cols);
                for (var i = 0; i < n; i++)
                    ActivationQuantizer.Quantize(formats[f], xp + (long)i * cols, workspace + converted[f] + rowBytes * i, cols);
            }

            var totalRows = 0;
            foreach (var t in targets) totalRows += t.Weights.Rows;
            var chunkRows = Math.Max(MinChunkRows, totalRows / (pool.ThreadCount * ChunksPerThread));
            var firstChunk = 0;
            for (var p = 0; p < targets.Length; p++)
            {
                var w = targets[p].Weights;
                var type = RowDot.ActivationType(w.Type);
                job.Parts[p] = new Part
                {
                    Weights = w,
                    Activations = type == GgmlType.F32 ? (byte*)xp : workspace + converted[IndexOf(formats, formatCount, type)],
                    ActivationRowBytes = GgmlTypeInfo.Get(type).RowBytes(cols),
                    Output = targets[p].Output,
                    Dot = RowDot.For(w.Type),
                    Dot4 = MultiRowDot.For(w.Type, Kernels.KernelDispatch.Selected),
                    DotPair = MultiRowDot.ForPair(w.Type, Kernels.KernelDispatch.Selected),
                    UsePairs = n > PairThreshold,
                    FirstChunk = firstChunk,
                };
                firstChunk += (w.Rows + chunkRows - 1) / chunkRows;
            }
            job.PartCount = targets.Length;
            job.ChunkRows = chunkRows;
            job.ChunkCount = firstChunk;
            if (job.ChunkCount > 0)
                pool.Run(&RunSlice, &job);
        }
    }

    /// <summary>
    /// The two-weight-row kernels only for products of more activation rows than this. With a handful of rows
    /// (batched decode) each weight row is read from memory for one use, and there the pair kernel ran at a third
    /// of the four-row kernel's speed (0.6B Q8_0, 4 sequences, Zen 4: 55 vs 150 tok/s aggregate); in prompts
    /// each weight pair is reused from cache by every 4-row group of the 16-row block, where it is the faster one.
    /// </summary>
    private const int PairThreshold = 8;

    /// <summary>The most matrices one <see cref="MultiplyShared"/> call takes (q, k and v).</summary>
    public const int MaxSharedTargets = 3;

    private static int IndexOf(GgmlType* types, int count, GgmlType type)
    {
        for (var i = 0; i < count; i++)
            if (types[i] == type) return i;
        return -1;
    }

    private struct Part
    {
        public QuantizedMatrix Weights;
        public byte* Activations;
        public long ActivationRowBytes;
        public float* Output;
        public delegate*<byte*, byte*, int, float> Dot;
        public delegate*<byte*, byte*, long, int, float*, void> Dot4;
        public delegate*<byte*, long, byte*, long, int, float*, void> DotPair;
        public bool UsePairs;
        public int FirstChunk;
    }

    [System.Runtime.CompilerServices.InlineArray(MaxSharedTargets)]
    private struct Parts
    {
        private Part _first;
    }

    private struct Job
    {
        public Parts Parts;
        public int PartCount;
        public int Count;
        public int ChunkRows;
        public int ChunkCount;
        public int NextChunk;
    }

    /// <summary>
    /// Rows are handed out in chunks from a shared counter rather than as one fixed slice per thread, so when
    /// the OS preempts one thread (the machines are shared) the others take over its remaining rows. Four
    /// chunks per thread keep the atomic traffic negligible; 16 rows is the floor for tiny matrices.
    /// </summary>
    private const int ChunksPerThread = 4;
    private const int MinChunkRows = 16;

    /// <summary>Each thread claims chunks of weight rows (of whichever matrix the chunk falls in) until none are left.</summary>
    private static void RunSlice(void* context, int index, int threads)
    {
        ref var job = ref *(Job*)context;
        while (true)
        {
            var chunk = Interlocked.Increment(ref job.NextChunk) - 1;
            if (chunk >= job.ChunkCount) return;
            var p = job.PartCount - 1;
            while (job.Parts[p].FirstChunk > chunk) p--;
            ref var part = ref job.Parts[p];
            var begin = (chunk - part.FirstChunk) * job.ChunkRows;
            RunRows(ref part, job.Count, begin, Math.Min(part.Weights.Rows, begin + job.ChunkRows));
        }
    }

    /// <summary>
    /// Rows × activations in 16 × 16 blocks (as ggml's CPU mat-mul): 16 weight rows stay in L1/L2 while 16 activation
    /// rows pass over them, so a long prompt's activations are read from memory once per 16 weight rows instead of
    /// once per row. Results are the same dot products as row by row, bit for bit.
    /// </summary>
    private const int BlockRows = 16;
    private const int BlockActivations = 16;

    private static void RunRows(ref Part job, int count, int begin, int end)
    {
        var results = stackalloc float[8];
        for (var rowBlock = begin; rowBlock < end; rowBlock += BlockRows)
        {
            var rowEnd = Math.Min(end, rowBlock + BlockRows);
            for (var first = 0; first < count; first += BlockActivations)
                RunBlock(ref job, rowBlock, rowEnd, first, Math.Min(count, first + BlockActivations), results);
        }
    }

    private static void RunBlock(ref Part job, int rowBegin, int rowEnd, int first, int last, float* results)
    {
        var rows = job.Weights.Rows;
        var cols = job.Weights.Cols;
        var r = rowBegin;
        if (job.DotPair != null && last - first >= 4 && job.UsePairs)
        {
            var rowBytes = job.Weights.RowBytes;
            for (; r + 2 <= rowEnd; r += 2)
            {
                var row = job.Weights.Row(r);
                var i = first;
                for (; i + 4 <= last; i += 4)
                {
                    job.DotPair(row, rowBytes, job.Activations + job.ActivationRowBytes * i, job.ActivationRowBytes, cols, results);
                    for (var k = 0; k < 4; k++)
                    {
                        job.Output[(long)(i + k) * rows + r] = results[k];
                        job.Output[(long)(i + k) * rows + r + 1] = results[4 + k];
                    }
                }
                for (; i < last; i++)
                {
                    job.Output[(long)i * rows + r] = job.Dot(row, job.Activations + job.ActivationRowBytes * i, cols);
                    job.Output[(long)i * rows + r + 1] = job.Dot(row + rowBytes, job.Activations + job.ActivationRowBytes * i, cols);
                }
            }
        }
        for (; r < rowEnd; r++)
        {
            var row = job.Weights.Row(r);
            var i = first;
            if (job.Dot4 != null)
            {
                for (; i + 4 <= last; i += 4)
                {
                    job.Dot4(row, job.Activations + job.ActivationRowBytes * i, job.ActivationRowBytes, cols, results);
                    for (var k = 0; k < 4; k++) job.Output[(long)(i + k) * rows + r] = results[k];
                }
            }
            for (; i < last; i++)
                job.Output[(long)i * rows + r] = job.Dot(row, job.Activations + job.ActivationRowBytes * i, cols);
        }
    }
}
