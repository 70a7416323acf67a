using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deliberate.Server.Contracts;

/// <summary>
/// Source-generated JSON for every wire type: snake_case names, numbers only as numbers, and unknown members
/// rejected (the top level is checked first, against <see cref="ChatCompletionRequest.KnownFields"/>, for OpenAI's message).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 64)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelDto))]
[JsonSerializable(typeof(ModerationResponse))]
[JsonSerializable(typeof(FileDto))]
[JsonSerializable(typeof(FileListDto))]
[JsonSerializable(typeof(FileDeletedDto))]
[JsonSerializable(typeof(BatchDto))]
[JsonSerializable(typeof(BatchListDto))]
[JsonSerializable(typeof(BatchOutputLineDto))]
[JsonSerializable(typeof(List<BatchErrorDto>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class WireJsonContext : JsonSerializerContext;
