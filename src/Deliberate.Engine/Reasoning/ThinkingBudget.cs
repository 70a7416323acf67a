namespace Deliberate.Engine.Reasoning;

/// <summary>
/// A per-request state machine the generation loop consults for every sampled token. It counts tokens
/// spent inside reasoning; when <see cref="ThinkingBudgetOptions.MaxReasoningTokens"/> is reached it tells
/// the loop to inject the end-of-thinking tokens and carry on with the answer; when the model tries to
/// close reasoning before <see cref="ThinkingBudgetOptions.MinReasoningTokens"/> it tells the loop to inject
/// a continuation ("Wait") instead (s1's budget forcing). Allocation-free per token.
/// </summary>
public sealed class ThinkingBudget
{
    private readonly ThinkingBudgetOptions _options;
    private readonly int[] _endTokens;
    private readonly int[] _continuationTokens;
    private readonly int[] _single = new int[1];
    private Phase _phase;
    private int _extensions;

    private enum Phase
    {
        BeforeReasoning,
        Reasoning,
        Answer,
    }

    public ThinkingBudget(ThinkingBudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxReasoningTokens is < 0 || options.MinReasoningTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "reasoning token limits must not be negative");
        }

        if (options.MaxReasoningTokens is not null && options.EndOfThinkingTokens.Count == 0)
        {
            throw new ArgumentException("a reasoning cap needs the end-of-thinking tokens to inject", nameof(options));
        }

        if (options.MinReasoningTokens > 0 && (options.ContinuationTokens.Count == 0 || options.CloseTokenId is null))
        {
            throw new ArgumentException("a reasoning minimum needs the close token id and continuation tokens", nameof(options));
        }

        _options = options;
        _endTokens = [.. options.EndOfThinkingTokens];
        _continuationTokens = [.. options.ContinuationTokens];
        _phase = options.StartInReasoning ? Phase.Reasoning : options.OpenTokenId is null ? Phase.Answer : Phase.BeforeReasoning;
    }

    /// <summary>Tokens committed inside reasoning so far (including injected continuations).</summary>
    public int ReasoningTokens { get; private set; }

    public bool InReasoning => _phase == Phase.Reasoning;

    /// <summary>Whether the budget has forced reasoning to end.</summary>
    public bool BudgetExhausted { get; private set; }

    /// <summary>
    /// Decides what to commit for the token the sampler just chose, and advances the state as if the
    /// returned tokens were committed.
    /// </summary>
    public ThinkingDecision Next(int sampledToken)
    {
        switch (_phase)
        {
            case Phase.BeforeReasoning:
                // Only the first token can open reasoning; anything else means the model answered directly.
                _phase = sampledToken == _options.OpenTokenId ? Phase.Reasoning : Phase.Answer;
                return Accept(sampledToken);
            case Phase.Reasoning:
                if (sampledToken == _options.CloseTokenId)
                {
                    if (ReasoningTokens < _options.MinReasoningTokens && _extensions < _options.MaxExtensions)
                    {
                        _extensions++;
                        ReasoningTokens += _continuationTokens.Length;
                        return new ThinkingDecision(ThinkingAction.Extend, _continuationTokens);
                    }

                    _phase = Phase.Answer;
                    return Accept(sampledToken);
                }

                if (_options.MaxReasoningTokens is { } max && ReasoningTokens >= max)
                {
                    _phase = Phase.Answer;
                    BudgetExhausted = true;
                    return new ThinkingDecision(ThinkingAction.ForceEnd, _endTokens);
                }

                ReasoningTokens++;
                return Accept(sampledToken);
            default:
                return Accept(sampledToken);
        }
    }

    /// <summary>
    /// Tells the budget that reasoning ended in text (a close tag written in several tokens, seen by
    /// <see cref="ReasoningParser"/>): vocabularies without a single close token, or a model that spells it out.
    /// </summary>
    public void NotifyReasoningEnded() => _phase = Phase.Answer;

    private ThinkingDecision Accept(int token)
    {
        _single[0] = token;
        return new ThinkingDecision(ThinkingAction.Accept, _single);
    }
}
