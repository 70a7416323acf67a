using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models.TransformerBlocks;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Models;

/// <summary>
/// The one decoder of the llama family (docs/engine.md#the-decoder): llama, qwen2 and qwen3 differ only in the
/// traits of their <see cref="ArchitectureTraits"/> row (RoPE order, q/k/v biases, QK-norm), which decide the
/// tensors bound and the optional steps below. A forward step takes tokens from any number of sequences, runs every
/// matrix product once over all of them, and attends each token over its own sequence's cache.
/// </summary>
public sealed unsafe class TransformerModel : IDisposable
{
    private readonly Rope _rope;
    private readonly Attention _attention;

    private TransformerModel(IModelSource source, ModelConfig config, ComputeContext compute)
    {
        Config = config;
        Compute = compute;
        Weights = ModelWeights.Bind(source, config);
        _rope = new Rope(config, Weights.RopeFrequencyFactors);
        _attention = new Attention(config, compute);
    }

    public ModelConfig Config { get; }

    public ModelWeights Weights { get; }

    public ComputeContext Compute { get; }

    /// <summary>Opt-in intermediate-activation observer; null (the default) costs one branch per layer.</summary>
    public ActivationHook? Hook { get; set; }

    /// <summary>Reads the architecture and hyperparameters from <paramref name="source"/> and binds its weights.</summary>
    /// <exception cref="ModelFormatException">The file's metadata or tensors do not describe a model we run.</exception>
    public static TransformerModel Load(IModelSource source, int threads = 0)
    {
        var config = ModelConfig.FromSource(source);
        var compute = new ComputeContext(threads);
        try
        {
            return new TransformerModel(source, config, compute);
        }
        catch
        {
            // A tensor that fails its check must not leave the compute threads running.
            compute.Dispose();
            throw;
        }
    }

    /// <summary>Binds a model over a mapped GGUF file; the file must stay open while the model is used.</summary>
    public static TransformerModel Load(GgufFile file, int threads = 0) => Load(new GgufModelSource(file), threads);

    /// <summary>A new, empty sequence; <paramref name="cacheType"/> F32 (exact) or F16 (half the memory, llama.cpp's default).</summary>
    public SequenceState CreateSequence(int contextSize, GgmlType cacheType = GgmlType.F32) => new(Config, contextSize, cacheType);

    public InferenceState CreateState(int maxBatch, int maxLogitRows) => new(Config, maxBatch, maxLogitRows);

    /// <summary>
    /// Runs one forward step over <paramref name="batch"/>, appending each token to its sequence. Logits of the tokens
    /// with <see cref="BatchToken.WantLogits"/> land in <paramref name="state"/> in batch order.
    /// </summary>
    /// <exception cref="ContextLengthExceededException">A sequence would outgrow its context; nothing is changed.</exception>
    public void Forward(ReadOnlySpan<BatchToken> batch, InferenceState state, CancellationToken cancellationToken = default)
    {
        int n = batch.Length;
        if (n == 0)
            return;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, state.MaxBatch, nameof(batch));
        AssignPositions(batch, state);
        var c = Config;
        int embd = c.EmbeddingLength;
        fixed (float* x = state.Hidden, h = state.Normed, q = state.Query, k = state.Key, v = state.Value,
               att = state.AttentionOut, gate = state.Gate, up = state.Up)
        {
            Embed(batch, x);
            int pairs = _rope.PairCount;
            for (int i = 0; i < n; i++)
                _rope.Angles(state.Positions[i], state.Cos.AsSpan(i * pairs, pairs), state.Sin.AsSpan(i * pairs, pairs));

            for (int l = 0; l < c.LayerCount; l++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var w = Weights.Layers[l];
                for (int i = 0; i < n; i++)
                    TensorOps.RmsNorm(state.Hidden.AsSpan(i * embd, embd), w.AttentionNorm, c.NormEpsilon, state.Normed.AsSpan(i * embd, embd));
                Observe("attn_norm", l, h, embd, n);

                Linear.Multiply(Compute, h, n, w.Query, q, w.Key, k, w.Value, v);
                AddBias(q, w.QueryBias, n);
                AddBias(k, w.KeyBias, n);
                AddBias(v, w.ValueBias, n);
                for (int i = 0; i < n; i++)
                    PositionQueryKey(state, w, q + i * c.QueryWidth, k + i * c.KvWidth, i);
                Observe("q_rope", l, q, c.QueryWidth, n);
                Observe("k_rope", l, k, c.KvWidth, n);
                Observe("v", l, v, c.ValueWidth, n);
                StoreKeyValues(state, l, k, v, n);

                _attention.Run(state, l, n);
                Observe("kqv_out", l, att, c.HeadCount * c.ValueLength, n);
                Linear.Multiply(Compute, w.Output, att, h, n);
                Observe("attn_out", l, h, embd, n);
                Add(x, h, (long)n * embd);
                Observe("ffn_inp", l, x, embd, n);

                for (int i = 0; i < n; i++)
                    TensorOps.RmsNorm(state.Hidden.AsSpan(i * embd, embd), w.FeedForwardNorm, c.NormEpsilon, state.Normed.AsSpan(i * embd, embd));
                Observe("ffn_norm", l, h, embd, n);
                Linear.Multiply(Compute, h, n, w.Gate, gate, w.Up, up);
                TensorOps.SwiGlu(new ReadOnlySpan<float>(gate, n * c.FeedForwardLength), new ReadOnlySpan<float>(up, n * c.FeedForwardLength), new Span<float>(gate, n * c.FeedForwardLength));
                Linear.Multiply(Compute, w.Down, gate, h, n);
                Observe("ffn_out", l, h, embd, n);
                Add(x, h, (long)n * embd);
                Observe("l_out", l, x, embd, n);
            }

            int rows = 0;
            for (int i = 0; i < n; i++)
            {
                if (!batch[i].WantLogits)
                    continue;
                if (rows == state.MaxLogitRows)
                    throw new ArgumentException($"More than {state.MaxLogitRows} tokens want logits.", nameof(batch));
                TensorOps.RmsNorm(state.Hidden.AsSpan(i * embd, embd), Weights.OutputNorm, c.NormEpsilon, state.Normed.AsSpan(rows * embd, embd));
                state.LogitRows[rows++] = i;
            }
            Observe("result_norm", -1, h, embd, rows);
            fixed (float* logits = state.Logits)
                Linear.Multiply(Compute, Weights.Output, h, logits, rows);
            state.LogitCount = rows;
        }
        for (int i = 0; i < n; i++)
            state.Sequences[i].Length = Math.Max(state.Sequences[i].Length, state.Positions[i] + 1);
    }

    private static void AssignPositions(ReadOnlySpan<BatchToken> batch, InferenceState state)
    {
        for (int i = 0; i < batch.Length; i++)
            batch[i].Sequence.Pending = 0;
        for (int i = 0; i < batch.Length; i++)
        {
            var seq = batch[i].Sequence;
            int pos = seq.Length + seq.Pending++;
            if (pos >= seq.ContextSize)
            {
                for (int j = 0; j < batch.Length; j++)
                    batch[j].Sequence.Pending = 0;
                throw new ContextLengthExceededException(seq.ContextSize, pos + 1);
            }
            state.Positions[i] = pos;
            state.Sequences[i] = seq;
        }
    }

    private void Embed(ReadOnlySpan<BatchToken> batch, float* x)
    {
        var e = Weights.TokenEmbedding;
        for (int i = 0; i < batch.Length; i++)
        {
            int token = batch[i].Token;
            if ((uint)token >= (uint)e.Rows)
                throw new ArgumentOutOfRangeException(nameof(batch), $"token {token} outside the vocabulary of {e.Rows}");
            Linear.DequantizeRow(e.Type, e.Row(token), x + i * e.Cols, e.Cols);
        }
    }

    /// <summary>QK-norm where the architecture has it (each head RMS-normalised in place), then RoPE on q and k.</summary>
    private void PositionQueryKey(InferenceState state, LayerWeights w, float* q, float* k, int row)
    {
        var c = Config;
        if (w.QueryNorm is not null && w.KeyNorm is not null)
        {
            int hd = c.KeyLength;
            for (int head = 0; head < c.HeadCount; head++)
            {
                var qHead = new Span<float>(q + head * hd, hd);
                TensorOps.RmsNorm(qHead, w.QueryNorm, c.NormEpsilon, qHead);
            }
            for (int head = 0; head < c.HeadCountKv; head++)
            {
                var kHead = new Span<float>(k + head * hd, hd);
                TensorOps.RmsNorm(kHead, w.KeyNorm, c.NormEpsilon, kHead);
            }
        }
        int pairs = _rope.PairCount;
        var cos = state.Cos.AsSpan(row * pairs, pairs);
        var sin = state.Sin.AsSpan(row * pairs, pairs);
        _rope.Apply(q, c.HeadCount, c.KeyLength, cos, sin);
        _rope.Apply(k, c.HeadCountKv, c.KeyLength, cos, sin);
    }

    private void StoreKeyValues(InferenceState state, int layer, float* k, float* v, int n)
    {
        var c = Config;
        for (int i = 0; i < n; i++)
            state.Sequences[i].Cache.Store(layer, state.Positions[i], new ReadOnlySpan<float>(k + i * c.KvWidth, c.KvWidth),
                new ReadOnlySpan<float>(v + i * c.ValueWidth, c.ValueWidth));
    }

    private static void AddBias(float* y, float[]? bias, int n)
    {
        if (bias is null)
            return;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < bias.Length; j++)
                y[i * bias.Length + j] += bias[j];
    }

    private static void Add(float* x, float* y, long count)
    {
        var acc = new Span<float>(x, (int)count);
        TensorOps.Add(acc, new ReadOnlySpan<float>(y, (int)count), acc);
    }

    public void Dispose()
    {
        _attention.Dispose();
        Compute.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Observe(string name, int layer, float* rows, int width, int n)
    {
        if (Hook is not { } hook)
            return;
        for (int i = 0; i < n; i++)
            hook(name, layer, i, new ReadOnlySpan<float>(rows + i * width, width));
    }
}
