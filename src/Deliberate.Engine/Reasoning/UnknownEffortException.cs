namespace Deliberate.Engine.Reasoning;

/// <summary>A reasoning effort that is not <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
public sealed class UnknownEffortException(string? value)
    : ArgumentException($"unknown reasoning effort '{value}': expected low, medium or high")
{
    /// <summary>The text that was given.</summary>
    public string? Value { get; } = value;
}
