using System.Runtime.InteropServices;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Models.TransformerBlocks;

/// <summary>
/// Causal grouped-query attention of each batch token over its own sequence's cache (positions 0..p).
/// Work items are (token, head) pairs split evenly over the pool's threads, so one decode step of many sequences
/// keeps every core busy. One instance per model, reused every layer: no allocation per step.
/// </summary>
internal sealed unsafe class Attention : IParallelJob, IDisposable
{
    [ThreadStatic]
    private static float[]? t_scores;

    private readonly ModelConfig _config;
    private readonly ComputeContext _compute;
    private GCHandle _self;
    private InferenceState? _state;
    private int _layer;
    private int _count;

    public Attention(ModelConfig config, ComputeContext compute)
    {
        _config = config;
        _compute = compute;
        _self = GCHandle.Alloc(this);
    }

    public void Run(InferenceState state, int layer, int n)
    {
        _state = state;
        _layer = layer;
        _count = n;
        _compute.Run(_self);
        _state = null;
    }

    void IParallelJob.Run(int index, int threads)
    {
        // Query heads that share a KV head go in pairs, so the pair kernels read each cached row once for both.
        int step = _config.HeadsPerKvHead % 2 == 0 ? 2 : 1;
        int units = _config.HeadCount / step;
        long items = (long)_count * units;
        int begin = (int)(items * index / threads);
        int end = (int)(items * (index + 1) / threads);
        for (int item = begin; item < end; item++)
            Heads(_state!, item / units, step * (item % units), pair: step == 2);
    }

    /// <summary>Head <paramref name="head"/> of batch row <paramref name="row"/>; with <paramref name="pair"/> also head + 1, which shares its KV head.</summary>
    private void Heads(InferenceState s, int row, int head, bool pair)
    {
        var c = _config;
        int hd = c.KeyLength;
        int group = head / c.HeadsPerKvHead;
        int count = s.Positions[row] + 1;
        var cache = s.Sequences[row].Cache;
        var scores = Scores(count, pair ? 2 : 1);
        float scale = 1f / MathF.Sqrt(hd);
        int vd = c.ValueLength;
        int e = cache.ElementBytes;
        fixed (float* q0 = s.Query, outp = s.AttentionOut, sc = scores)
        fixed (byte* keys = cache.Keys(_layer), values = cache.Values(_layer))
        {
            float* q = q0 + (long)row * c.QueryWidth + head * hd;
            float* o = outp + (long)row * c.HeadCount * vd + head * vd;
            byte* k = keys + (long)group * hd * e;
            byte* v = values + (long)group * vd * e;
            if (!pair)
            {
                AttentionKernels.Scores(q, k, (long)c.KvWidth * e, cache.Type, count, hd, scale, sc);
                TensorOps.Softmax(new Span<float>(sc, count));
                AttentionKernels.WeightedSum(sc, v, (long)c.ValueWidth * e, cache.Type, count, vd, o);
                return;
            }

            float* sc1 = sc + count;
            AttentionKernels.ScoresPair(q, q + hd, k, (long)c.KvWidth * e, cache.Type, count, hd, scale, sc, sc1);
            TensorOps.Softmax(new Span<float>(sc, count));
            TensorOps.Softmax(new Span<float>(sc1, count));
            AttentionKernels.WeightedSumPair(sc, sc1, v, (long)c.ValueWidth * e, cache.Type, count, vd, o, o + vd);
        }
    }

    /// <summary>
    /// This thread's score buffer for <paramref name="heads"/> heads of <paramref name="count"/> positions; it grows
    /// to the next power of two, so a long decode reallocates a handful of times, not once per token.
    /// </summary>
    private static float[] Scores(int count, int heads)
    {
        int needed = count * heads;
        return t_scores is { } b && b.Length >= needed
            ? b
            : t_scores = new float[Math.Max((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)needed), 2048)];
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
            _self.Free();
    }
}
