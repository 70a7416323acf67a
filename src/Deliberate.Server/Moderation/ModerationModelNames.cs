namespace Deliberate.Server.Moderation;

/// <summary>
/// The names <c>POST /v1/moderations</c> answers to: ours, and OpenAI's moderation model names as aliases, so code
/// written for OpenAI (which names <c>omni-moderation-latest</c>) runs unchanged.
/// </summary>
public static class ModerationModelNames
{
    public const string Id = "deliberate-moderation";

    public static IReadOnlyList<string> All { get; } =
        [Id, "omni-moderation-latest", "omni-moderation-2024-09-26", "text-moderation-latest", "text-moderation-stable"];

    public static bool Contains(string name) => All.Contains(name, StringComparer.Ordinal);
}
