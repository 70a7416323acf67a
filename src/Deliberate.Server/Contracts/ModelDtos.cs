namespace Deliberate.Server.Contracts;

/// <summary><c>GET /v1/models</c>: <c>{"object":"list","data":[…]}</c>.</summary>
public sealed record ModelList(string Object, IReadOnlyList<ModelDto> Data);

public sealed record ModelDto(string Id, string Object, long Created, string OwnedBy);
