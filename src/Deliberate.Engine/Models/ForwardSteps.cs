namespace Deliberate.Engine.Models;

/// <summary>
/// The decoder's forward step with nothing around it — no sampling, no text, no scheduling: a prompt in chunks, one
/// token of one sequence, or one token of each of several sequences in one batch. For measuring the forward pass
/// (<c>deliberate bench</c>, the decode benchmarks) and testing it; generation goes through
/// <see cref="Chat.ChatGenerator"/> and the scheduler. Buffers are sized once, so a step allocates nothing.
/// </summary>
public sealed class ForwardSteps
{
    private readonly TransformerModel _model;
    private readonly BatchToken[] _batch;

    /// <param name="model">The decoder.</param>
    /// <param name="maxBatch">Most tokens per forward step: the prefill chunk, or the sequences decoded together.</param>
    /// <param name="maxLogitRows">Most tokens whose logits one step computes (1 for a prompt; one per sequence when batching).</param>
    public ForwardSteps(TransformerModel model, int maxBatch, int maxLogitRows = 1)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        State = model.CreateState(maxBatch, maxLogitRows);
        _batch = new BatchToken[maxBatch];
    }

    /// <summary>The activations and logits of the last step (sequence i's logits of a batched step: <c>State.GetLogits(i)</c>).</summary>
    public InferenceState State { get; }

    /// <summary>Runs <paramref name="prompt"/> through <paramref name="sequence"/> in chunks; returns the last token's logits.</summary>
    /// <exception cref="ContextLengthExceededException">The prompt does not fit the sequence's context (nothing is run).</exception>
    public ReadOnlySpan<float> Prefill(SequenceState sequence, ReadOnlySpan<int> prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (prompt.IsEmpty)
        {
            throw new ArgumentException("The prompt is empty.", nameof(prompt));
        }

        if (sequence.Length + prompt.Length > sequence.ContextSize)
        {
            throw new ContextLengthExceededException(sequence.ContextSize, sequence.Length + prompt.Length);
        }

        for (var start = 0; start < prompt.Length; start += _batch.Length)
        {
            var n = Math.Min(_batch.Length, prompt.Length - start);
            for (var i = 0; i < n; i++)
            {
                _batch[i] = new BatchToken(sequence, prompt[start + i], start + i == prompt.Length - 1);
            }

            _model.Forward(_batch.AsSpan(0, n), State, cancellationToken);
        }

        return State.GetLogits(0);
    }

    /// <summary>Appends one token to <paramref name="sequence"/>; returns the logits that follow it.</summary>
    public ReadOnlySpan<float> Decode(SequenceState sequence, int token, CancellationToken cancellationToken = default)
    {
        _batch[0] = new BatchToken(sequence, token, true);
        _model.Forward(_batch.AsSpan(0, 1), State, cancellationToken);
        return State.GetLogits(0);
    }

    /// <summary>Appends tokens[i] to sequences[i] for every i in one forward step.</summary>
    public void Decode(ReadOnlySpan<SequenceState> sequences, ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        if (sequences.Length != tokens.Length)
        {
            throw new ArgumentException("One token per sequence.", nameof(tokens));
        }

        for (var i = 0; i < sequences.Length; i++)
        {
            _batch[i] = new BatchToken(sequences[i], tokens[i], true);
        }

        _model.Forward(_batch.AsSpan(0, sequences.Length), State, cancellationToken);
    }
}
