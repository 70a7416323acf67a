namespace Deliberate.Engine.Sampling;

/// <summary>
/// One step of the sampler chain. Stages narrow or reweight the candidate buffer in place and must not
/// allocate. A final stage (greedy or <see cref="DrawStage"/>) leaves exactly one candidate.
/// </summary>
public interface ISamplerStage
{
    /// <param name="candidates">The working set; entry i holds token i while <see cref="CandidateBuffer.IsIdentityOrder"/>.</param>
    /// <param name="recentTokens">The most recent tokens of the sequence (prompt and output), oldest first.</param>
    void Apply(CandidateBuffer candidates, ReadOnlySpan<int> recentTokens);
}
