using Deliberate.Engine.Models;
using Deliberate.Engine.Sampling;

namespace Deliberate.Engine.Runtime;

/// <summary>
/// The generation loop for one sequence: prompt in chunks (one matrix-matrix product per weight per chunk), then one
/// token per step, sampling from the logits. All per-step buffers are allocated here once; a step allocates nothing.
/// Cancellation is observed before each step and inside the forward pass (between layers).
/// </summary>
public sealed class TextGenerator
{
    /// <summary>Prompt tokens per forward step; bounds the activation buffers.</summary>
    public const int DefaultChunk = 256;

    private readonly TransformerModel _model;
    private readonly InferenceState _state;
    private readonly BatchToken[] _chunk;

    public TextGenerator(TransformerModel model, int chunkSize = DefaultChunk)
    {
        _model = model;
        _state = model.CreateState(chunkSize, 1);
        _chunk = new BatchToken[chunkSize];
    }

    /// <summary>Runs <paramref name="prompt"/> through <paramref name="sequence"/>, leaving the last token's logits in the state.</summary>
    /// <exception cref="ContextLengthExceededException">The prompt does not fit the sequence's context.</exception>
    public ReadOnlySpan<float> Prefill(SequenceState sequence, ReadOnlySpan<int> prompt, CancellationToken cancellationToken = default)
    {
        if (prompt.IsEmpty)
            throw new ArgumentException("The prompt is empty.", nameof(prompt));
        if (sequence.Length + prompt.Length > sequence.ContextSize)
            throw new ContextLengthExceededException(sequence.ContextSize, sequence.Length + prompt.Length);
        for (int start = 0; start < prompt.Length; start += _chunk.Length)
        {
            int n = Math.Min(_chunk.Length, prompt.Length - start);
            for (int i = 0; i < n; i++)
                _chunk[i] = new BatchToken(sequence, prompt[start + i], start + i == prompt.Length - 1);
            _model.Forward(_chunk.AsSpan(0, n), _state, cancellationToken);
        }
        return _state.GetLogits(0);
    }

    /// <summary>Feeds one token and returns the logits that follow it.</summary>
    public ReadOnlySpan<float> Step(SequenceState sequence, int token, CancellationToken cancellationToken = default)
    {
        _chunk[0] = new BatchToken(sequence, token, true);
        _model.Forward(_chunk.AsSpan(0, 1), _state, cancellationToken);
        return _state.GetLogits(0);
    }

    /// <summary>
    /// Prefills <paramref name="prompt"/> and samples up to <paramref name="maxTokens"/> tokens, calling
    /// <paramref name="onToken"/> for each (including a final end-of-generation token, which is not fed back).
    /// Returns the number of tokens generated.
    /// </summary>
    public int Generate(SequenceState sequence, ReadOnlySpan<int> prompt, Sampler sampler, int maxTokens,
        IReadOnlySet<int> endOfGeneration, Action<int> onToken, CancellationToken cancellationToken = default)
    {
        var recent = new int[Math.Max(1, maxTokens)];
        var logits = Prefill(sequence, prompt, cancellationToken);
        for (int produced = 0; produced < maxTokens; produced++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int token = sampler.Sample(logits, recent.AsSpan(0, produced));
            recent[produced] = token;
            onToken(token);
            if (endOfGeneration.Contains(token) || produced == maxTokens - 1)
                return produced + 1;
            logits = Step(sequence, token, cancellationToken);
        }
        return maxTokens;
    }
}
