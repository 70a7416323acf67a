namespace Deliberate.Engine.Grammar;

/// <summary>
/// The string formats OpenAI documents for Structured Outputs, each as an anchored pattern of the supported
/// subset. The patterns are deliberately conservative (a subset of what each RFC allows) so that every
/// generated value also passes strict validators: dates exclude 29 February and years before 1000, and
/// times use two-digit fields with an optional fraction of up to 7 digits, and UTC offsets stay
/// within ±13:59 (.NET rejects offsets beyond ±14:00).
/// </summary>
internal static class StringFormats
{
    private const string Date =
        "[1-9][0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))";

    private const string Time = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,7})?";

    private const string Offset = "(?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9])";

    // Label lengths are not bounded: unrolling RFC 1035's 63 characters costs hundreds of states per use.
    private const string Label = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";

    private const string Octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    /// <summary>Pattern for a known format, or null when the format is not one the grammar enforces.</summary>
    public static string? PatternFor(string format) => format switch
    {
        "date" => "^" + Date + "$",
        "time" => "^" + Time + Offset + "?$",
        "date-time" => "^" + Date + "T" + Time + Offset + "$",
        "email" => "^[A-Za-z0-9_+-]+(?:\\.[A-Za-z0-9_+-]+)*@(?:" + Label + "\\.)+[A-Za-z]{2,24}$",
        "uuid" => "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "hostname" => "^(?:" + Label + "\\.)*" + Label + "$",
        "ipv4" => "^" + Octet + "(?:\\." + Octet + "){3}$",
        _ => null,
    };

    /// <summary>Formats validators commonly check that the grammar does not enforce: rejected rather than ignored.</summary>
    public static bool IsKnownButUnsupported(string format) => format is
        "ipv6" or "duration" or "uri" or "uri-reference" or "iri" or "iri-reference" or "uri-template"
        or "json-pointer" or "relative-json-pointer" or "regex" or "idn-email" or "idn-hostname"
        or "byte" or "base64" or "guid" or "time-span";
}
