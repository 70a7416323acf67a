namespace Deliberate.Engine.Chat;

/// <summary>
/// Reasoning effort → thinking budget (the most reasoning tokens before the runtime closes the thinking).
/// The defaults cover the longest high-effort traces of deliberate-nano's hard suites; configure per model.
/// </summary>
public sealed record EffortBudgets(int Low = 96, int Medium = 384, int High = 1536)
{
    /// <summary>The effort the API assumes when a request names none.</summary>
    public const string DefaultEffort = "medium";

    public static IReadOnlyList<string> Efforts { get; } = ["low", "medium", "high"];

    public int For(string? effort) => (effort ?? DefaultEffort).ToLowerInvariant() switch
    {
        "low" => Low,
        "medium" => Medium,
        "high" => High,
        var other => throw new ArgumentException($"unknown reasoning effort '{other}' (low, medium, high)", nameof(effort)),
    };
}
