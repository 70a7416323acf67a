namespace Deliberate.Engine.Grammar;

/// <summary>
/// How a JSON Schema is turned into a grammar, and the work caps that keep hostile schemas from
/// costing unbounded time or memory. The defaults suit chat-completion structured outputs.
/// </summary>
public sealed record GrammarOptions
{
    /// <summary>Default options: bounded whitespace, extra keys allowed where the schema does not forbid them.</summary>
    public static GrammarOptions Default { get; } = new();

    /// <summary>
    /// Longest run of JSON whitespace (space, tab, CR, LF) allowed between structural tokens. Models emit both
    /// compact and pretty JSON, so some whitespace is allowed, but a bound stops a model from emitting
    /// whitespace forever. 0 forces compact JSON. Whitespace may follow '{', '[', ',' and ':' and precede '}'
    /// and ']' (where compact and pretty printers put it); it is not allowed before ':' or ',', nor before or
    /// after the root value. Each place costs automaton states, so this also bounds grammar size.
    /// </summary>
    public int MaxWhitespace { get; init; } = 24;

    /// <summary>
    /// When an object schema has no <c>additionalProperties</c> (or <c>true</c>), allow keys beyond
    /// <c>properties</c> with any JSON value, as JSON Schema does. OpenAI strict mode forbids this shape anyway.
    /// </summary>
    public bool AllowExtraPropertiesWhenUnspecified { get; init; } = true;

    /// <summary>Reject schema keywords the grammar cannot enforce (uniqueItems, multipleOf, not, ...) instead of ignoring them.</summary>
    public bool RejectUnsupportedKeywords { get; init; } = true;

    /// <summary>Most digits in the integer part of a number (keeps numbers inside what doubles and longs hold).</summary>
    public int MaxIntegerDigits { get; init; } = 15;

    /// <summary>Most digits after the decimal point of a number.</summary>
    public int MaxFractionDigits { get; init; } = 15;

    /// <summary>
    /// Largest count that is unrolled into automaton states (maxLength, maxItems, pattern {n,m}). A larger
    /// upper bound is lowered to this value, which keeps every output valid; a larger lower bound is rejected.
    /// </summary>
    public int MaxUnrolledCount { get; init; } = 512;

    /// <summary>Deepest schema nesting the compiler walks.</summary>
    public int MaxSchemaDepth { get; init; } = 64;

    /// <summary>Most automaton states a compiled grammar may have (before and after determinisation).</summary>
    public int MaxStates { get; init; } = 200_000;

    /// <summary>Longest <c>pattern</c> accepted, in characters.</summary>
    public int MaxPatternLength { get; init; } = 4096;

    /// <summary>Most values in all <c>enum</c>s of one schema together.</summary>
    public int MaxEnumValues { get; init; } = 10_000;

    /// <summary>Size cap on the schema text, in UTF-8 bytes.</summary>
    public int MaxSchemaBytes { get; init; } = 4 * 1024 * 1024;
}
