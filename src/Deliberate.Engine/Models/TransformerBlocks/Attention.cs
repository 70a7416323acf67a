namespace Deliberate.Engine.Models.TransformerBlocks;

/// <summary>
/// Causal grouped-query attention of each batch token over its own sequence's cache (positions 0..p).
/// Work items are (token, head) pairs so one step of many sequences spreads over all threads.
/// </summary>
internal static unsafe class Attention
{
    private const int ItemsPerChunk = 4;

    [ThreadStatic]
    private static float[]? t_scores;

    public static void Run(ComputeContext ctx, ModelConfig c, InferenceState s, int layer, int n)
    {
        int items = n * c.HeadCount;
        int chunks = (items + ItemsPerChunk - 1) / ItemsPerChunk;
        ctx.For(chunks, chunk =>
        {
            int end = Math.Min(items, (chunk + 1) * ItemsPerChunk);
            for (int item = chunk * ItemsPerChunk; item < end; item++)
                Head(c, s, layer, item / c.HeadCount, item % c.HeadCount);
        });
    }

    private static void Head(ModelConfig c, InferenceState s, int layer, int row, int head)
    {
        int hd = c.KeyLength;
        int group = head / c.HeadsPerKvHead;
        int pos = s.Positions[row];
        var cache = s.Sequences[row].Cache;
        int count = pos + 1;
        var scores = t_scores is { } b && b.Length >= count ? b : t_scores = new float[Math.Max(count, 256)];
        float scale = 1f / MathF.Sqrt(hd);
        fixed (float* q0 = s.Query, keys = cache.Keys(layer), values = cache.Values(layer), outp = s.AttentionOut, sc = scores)
        {
            float* q = q0 + (long)row * c.QueryWidth + head * hd;
            float max = float.NegativeInfinity;
            for (int t = 0; t < count; t++)
            {
                float v = Linear.Dot(q, keys + (long)t * c.KvWidth + group * hd, hd) * scale;
                sc[t] = v;
                if (v > max)
                    max = v;
            }
            float sum = 0;
            for (int t = 0; t < count; t++)
            {
                float e = MathF.Exp(sc[t] - max);
                sc[t] = e;
                sum += e;
            }
            float inv = 1f / sum;
            int vd = c.ValueLength;
            float* o = outp + (long)row * c.HeadCount * vd + head * vd;
            new Span<float>(o, vd).Clear();
            for (int t = 0; t < count; t++)
            {
                float w = sc[t] * inv;
                float* v = values + (long)t * c.ValueWidth + group * vd;
                for (int d = 0; d < vd; d++)
                    o[d] += w * v[d];
            }
        }
    }
}
