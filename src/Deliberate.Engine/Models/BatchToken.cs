namespace Deliberate.Engine.Models;

/// <summary>One token of a forward batch: which sequence it extends, and whether its logits are wanted.</summary>
public readonly record struct BatchToken(SequenceState Sequence, int Token, bool WantLogits);
