namespace Deliberate.Engine.Reasoning;

/// <summary>What the generation loop should do with the token it just sampled.</summary>
public enum ThinkingAction
{
    /// <summary>Commit the sampled token as usual.</summary>
    Accept,
    /// <summary>Budget spent: drop the sampled token and feed <see cref="ThinkingDecision.Tokens"/> (the end-of-thinking text) instead.</summary>
    ForceEnd,
    /// <summary>Reasoning closed too early: drop the sampled close token and feed <see cref="ThinkingDecision.Tokens"/> (e.g. "Wait").</summary>
    Extend,
}

/// <summary>
/// The budget's answer for one sampled token: the action and the tokens to commit in order (the sampled
/// token itself for <see cref="ThinkingAction.Accept"/>). <see cref="Tokens"/> points into buffers the
/// budget owns and is valid until the next call.
/// </summary>
public readonly record struct ThinkingDecision(ThinkingAction Action, ReadOnlyMemory<int> Tokens);
