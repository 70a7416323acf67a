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
        long items = (long)_count * _config.HeadCount;
        int begin = (int)(items * index / threads);
        int end = (int)(items * (index + 1) / threads);
        for (int item = begin; item < end; item++)
            Head(_state!, item / _config.HeadCount, item % _config.HeadCount);
    }

    private void Head(InferenceState s, int row, int head)
    {
        var c = _config;
        int hd = c.KeyLength;
        int group = head / c.HeadsPerKvHead;
        int count = s.Positions[row] + 1;
        var cache = s.Sequences[row].Cache;
        var scores = t_scores is { } b && b.Length >= count ? b : t_scores = new float[Math.Max(count, 1024)];
        float scale = 1f / MathF.Sqrt(hd);
        int vd = c.ValueLength;
        int e = cache.ElementBytes;
        fixed (float* q0 = s.Query, outp = s.AttentionOut, sc = scores)
        fixed (byte* keys = cache.Keys(_layer), values = cache.Values(_layer))
        {
            float* q = q0 + (long)row * c.QueryWidth + head * hd;
            AttentionKernels.Scores(q, keys + (long)group * hd * e, (long)c.KvWidth * e, cache.Type, count, hd, scale, sc);
            TensorOps.Softmax(new Span<float>(sc, count));
            float* o = outp + (long)row * c.HeadCount * vd + head * vd;
            AttentionKernels.WeightedSum(sc, values + (long)group * vd * e, (long)c.ValueWidth * e, cache.Type, count, vd, o);
        }
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
            _self.Free();
    }
}
