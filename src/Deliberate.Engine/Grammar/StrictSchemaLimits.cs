namespace Deliberate.Engine.Grammar;

/// <summary>
/// Size limits of OpenAI's strict Structured Outputs schemas. <see cref="Current"/> follows the current
/// guide; <see cref="AtLaunch"/> the limits in force when o3-mini launched.
/// </summary>
public sealed record StrictSchemaLimits
{
    public static StrictSchemaLimits Current { get; } = new();

    public static StrictSchemaLimits AtLaunch { get; } = new()
    {
        MaxNestingDepth = 5,
        MaxProperties = 100,
        MaxTotalNameAndValueChars = 15_000,
        MaxEnumValues = 500,
        MaxLargeEnumChars = 7_500,
        AllowStringPatternAndFormat = false,
        AllowNumericBounds = false,
        AllowArrayCounts = false,
    };

    /// <summary>Deepest nesting of objects and arrays (the root object is level 1).</summary>
    public int MaxNestingDepth { get; init; } = 10;

    /// <summary>Most object properties in the whole schema.</summary>
    public int MaxProperties { get; init; } = 5_000;

    /// <summary>Most characters in all property names, definition names, enum values and const values together.</summary>
    public int MaxTotalNameAndValueChars { get; init; } = 120_000;

    /// <summary>Most enum values in the whole schema.</summary>
    public int MaxEnumValues { get; init; } = 1_000;

    /// <summary>A single string enum with more than <see cref="LargeEnumThreshold"/> values may total at most this many characters.</summary>
    public int MaxLargeEnumChars { get; init; } = 15_000;

    public int LargeEnumThreshold { get; init; } = 250;

    /// <summary>pattern and format on strings (supported in the current guide, not at launch).</summary>
    public bool AllowStringPatternAndFormat { get; init; } = true;

    /// <summary>minimum/maximum/exclusive bounds and multipleOf on numbers.</summary>
    public bool AllowNumericBounds { get; init; } = true;

    /// <summary>minItems/maxItems on arrays.</summary>
    public bool AllowArrayCounts { get; init; } = true;
}
