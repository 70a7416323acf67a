using Deliberate.Engine.Models;

namespace Deliberate.Engine.Runtime;

/// <summary>
/// Decodes many sequences in one forward step (batch of n tokens from n sequences, each with its own cache and
/// position), e.g. several samples forked from one processed prompt. Buffers are sized once for the sequence count.
/// </summary>
public sealed class BatchedDecoder
{
    private readonly TransformerModel _model;
    private readonly InferenceState _state;
    private readonly BatchToken[] _batch;

    public BatchedDecoder(TransformerModel model, int maxSequences)
    {
        _model = model;
        _state = model.CreateState(maxSequences, maxSequences);
        _batch = new BatchToken[maxSequences];
    }

    public InferenceState State => _state;

    /// <summary>Appends tokens[i] to sequences[i] for every i in one forward step; logits of sequence i are <c>State.GetLogits(i)</c>.</summary>
    public void Step(ReadOnlySpan<SequenceState> sequences, ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        if (sequences.Length != tokens.Length)
            throw new ArgumentException("One token per sequence.", nameof(tokens));
        for (int i = 0; i < sequences.Length; i++)
            _batch[i] = new BatchToken(sequences[i], tokens[i], true);
        _model.Forward(_batch.AsSpan(0, sequences.Length), _state, cancellationToken);
    }
}
