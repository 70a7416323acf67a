namespace Deliberate.Engine.Moderation;

/// <summary>
/// OpenAI's moderation categories, in the order its API lists them. A classifier file may model a subset; the others
/// score 0 and are never flagged, so a result always carries every one.
/// </summary>
public static class ModerationCategories
{
    public static IReadOnlyList<string> All { get; } =
    [
        "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
        "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "sexual/minors", "violence", "violence/graphic",
    ];

    /// <summary>Position of <paramref name="name"/> in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
