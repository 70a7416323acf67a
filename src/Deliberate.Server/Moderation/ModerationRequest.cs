namespace Deliberate.Server.Moderation;

/// <summary>A validated <c>POST /v1/moderations</c>: the texts to score (one result each) and the model name to echo.</summary>
public sealed record ModerationRequest(IReadOnlyList<string> Inputs, string Model);
