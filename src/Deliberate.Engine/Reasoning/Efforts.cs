using System.Diagnostics.CodeAnalysis;

namespace Deliberate.Engine.Reasoning;

/// <summary>The effort levels as text: <c>low</c>, <c>medium</c>, <c>high</c>, the names OpenAI's API uses.</summary>
public static class Efforts
{
    /// <summary>The effort of a request that names none (o3-mini's default).</summary>
    public const Effort Default = Effort.Medium;

    public static IReadOnlyList<Effort> All { get; } = [Effort.Low, Effort.Medium, Effort.High];

    /// <summary>The wire name of <paramref name="effort"/>.</summary>
    public static string Name(this Effort effort) => effort switch
    {
        Effort.Low => "low",
        Effort.Medium => "medium",
        Effort.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(effort), effort, "not an effort level"),
    };

    /// <summary>Reads a wire name (exactly <c>low</c>, <c>medium</c> or <c>high</c>, as the API accepts them).</summary>
    /// <exception cref="UnknownEffortException">Any other text, named in the message.</exception>
    public static Effort Parse(string text) =>
        TryParse(text, out var effort) ? effort : throw new UnknownEffortException(text);

    public static bool TryParse([NotNullWhen(true)] string? text, out Effort effort)
    {
        (var known, effort) = text switch
        {
            "low" => (true, Effort.Low),
            "medium" => (true, Effort.Medium),
            "high" => (true, Effort.High),
            _ => (false, Default),
        };
        return known;
    }
}
