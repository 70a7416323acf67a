namespace Deliberate.Server.Contracts;

/// <summary><c>{"error":{"message","type","param","code"}}</c>; param and code are written as null when absent.</summary>
public sealed record ErrorEnvelope(ErrorBody Error);

public sealed record ErrorBody(string Message, string Type, string? Param, string? Code);
