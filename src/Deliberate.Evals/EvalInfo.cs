namespace Deliberate.Evals;

/// <summary>The eval harness arrives with the deliberate-nano issue; this assembly holds its place in the layout.</summary>
public static class EvalInfo
{
    /// <summary>Where committed suites live, relative to the repository root.</summary>
    public const string SuitesDirectory = "evals";
}
