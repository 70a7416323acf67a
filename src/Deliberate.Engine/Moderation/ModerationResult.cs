namespace Deliberate.Engine.Moderation;

/// <summary>
/// A text's scores and flags for every category of <see cref="ModerationCategories.All"/> (same order): a category is
/// flagged when its score reaches the classifier's threshold for it.
/// </summary>
public sealed class ModerationResult
{
    internal ModerationResult(double[] scores, bool[] flags)
    {
        Scores = scores;
        Flags = flags;
        Flagged = Array.IndexOf(flags, true) >= 0;
    }

    /// <summary>Probabilities in [0, 1], one per category of <see cref="ModerationCategories.All"/>.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Whether each category reached its threshold.</summary>
    public IReadOnlyList<bool> Flags { get; }

    /// <summary>Whether any category is flagged.</summary>
    public bool Flagged { get; }

    /// <summary>The names of the flagged categories, in <see cref="ModerationCategories.All"/> order.</summary>
    public IEnumerable<string> FlaggedCategories => ModerationCategories.All.Where((_, i) => Flags[i]);

    /// <summary>True when any flagged category is one of the self-harm ones (they get a different refusal).</summary>
    public bool IsSelfHarm => FlaggedCategories.Any(c => c.StartsWith("self-harm", StringComparison.Ordinal));
}
