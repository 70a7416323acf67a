namespace Deliberate.Server.Contracts;

/// <summary><c>POST /v1/moderations</c>' answer: one result per input, every category key present in each map.</summary>
public sealed record ModerationResponse(string Id, string Model, IReadOnlyList<ModerationResultDto> Results);

/// <summary>One input's verdict: category → flagged, category → score in [0, 1], category → the input types scored (<c>["text"]</c>).</summary>
public sealed record ModerationResultDto(
    bool Flagged,
    Dictionary<string, bool> Categories,
    Dictionary<string, double> CategoryScores,
    Dictionary<string, string[]> CategoryAppliedInputTypes);
