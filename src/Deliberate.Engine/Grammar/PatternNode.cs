namespace Deliberate.Engine.Grammar;

/// <summary>Syntax tree of the supported regular-expression subset, over Unicode scalar values.</summary>
internal abstract record PatternNode;

/// <summary>One character from a set of scalar ranges (sorted, merged, inclusive).</summary>
internal sealed record PatternCharSet(IReadOnlyList<(int Lo, int Hi)> Ranges) : PatternNode;

internal sealed record PatternConcat(IReadOnlyList<PatternNode> Items) : PatternNode;

internal sealed record PatternAlternation(IReadOnlyList<PatternNode> Options) : PatternNode;

/// <summary><paramref name="Max"/> &lt; 0 means unbounded.</summary>
internal sealed record PatternRepeat(PatternNode Inner, int Min, int Max) : PatternNode;

internal sealed record PatternEmpty : PatternNode;

/// <summary>A parsed pattern: its tree and whether it is anchored at either end (^ and $).</summary>
internal sealed record ParsedPattern(PatternNode Root, bool AnchoredStart, bool AnchoredEnd);
