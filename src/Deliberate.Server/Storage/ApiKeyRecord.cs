namespace Deliberate.Server.Storage;

/// <summary>A stored key without its secret: id, name, a display hint (<c>dlb-abcd…wxyz</c>), times in Unix seconds.</summary>
public sealed record ApiKeyRecord(string Id, string Name, string Hint, long CreatedAt, long? RevokedAt);
