using System.Text.Json.Serialization;

namespace Deliberate.Server.Contracts;

/// <summary><c>object: "chat.completion"</c>, every key the schema requires present (nullable ones as null).</summary>
public sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatChoice> Choices,
    UsageDto Usage,
    string ServiceTier,
    string SystemFingerprint);

public sealed record ChatChoice(int Index, ChatResponseMessage Message, object? Logprobs, string FinishReason);

public sealed record ChatResponseMessage(
    string Role,
    string? Content,
    string? Refusal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReasoningContent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ToolCallDto>? ToolCalls = null);

/// <summary>A call the model made: <c>arguments</c> is a JSON string, as OpenAI sends it.</summary>
public sealed record ToolCallDto(string Id, string Type, FunctionCallDto Function);

public sealed record FunctionCallDto(string Name, string Arguments);

public sealed record UsageDto(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    PromptTokensDetails PromptTokensDetails,
    CompletionTokensDetails CompletionTokensDetails);

public sealed record PromptTokensDetails(int CachedTokens, int AudioTokens);

public sealed record CompletionTokensDetails(int ReasoningTokens, int AudioTokens, int AcceptedPredictionTokens, int RejectedPredictionTokens);
