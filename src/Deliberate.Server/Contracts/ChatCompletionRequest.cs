using System.Text.Json;

namespace Deliberate.Server.Contracts;

/// <summary>
/// The body of <c>POST /v1/chat/completions</c>, every field OpenAI documents for it. Fields the server refuses
/// (o3-mini's unsupported sampling parameters) are still typed here so the refusal names them precisely.
/// </summary>
public sealed class ChatCompletionRequest
{
    public string? Model { get; set; }
    public List<ChatMessageDto>? Messages { get; set; }
    public string? ReasoningEffort { get; set; }
    public long? MaxCompletionTokens { get; set; }
    public long? MaxTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }

    /// <summary>Extension (vLLM's and llama.cpp's name): drop tokens below this share of the top token's probability.</summary>
    public double? MinP { get; set; }

    /// <summary>Extension (vLLM's and llama.cpp's name): sample among the K most likely tokens; 0 keeps them all.</summary>
    public int? TopK { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public bool? Logprobs { get; set; }
    public int? TopLogprobs { get; set; }
    public Dictionary<string, double>? LogitBias { get; set; }
    public bool? ParallelToolCalls { get; set; }
    public int? N { get; set; }
    public long? Seed { get; set; }
    public JsonElement? Stop { get; set; }
    public bool? Stream { get; set; }
    public StreamOptionsDto? StreamOptions { get; set; }
    public string? User { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }
    public bool? Store { get; set; }
    public List<JsonElement>? Tools { get; set; }
    public JsonElement? ToolChoice { get; set; }
    public JsonElement? ResponseFormat { get; set; }
    public bool? IncludeReasoning { get; set; }
    public string? ServiceTier { get; set; }
    public JsonElement? Prediction { get; set; }
    public List<string>? Modalities { get; set; }
    public JsonElement? Audio { get; set; }
    public List<JsonElement>? Functions { get; set; }
    public JsonElement? FunctionCall { get; set; }

    /// <summary>Top-level names this DTO knows (snake_case, as on the wire); others are "Unrecognized request argument".</summary>
    public static readonly IReadOnlySet<string> KnownFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "model", "messages", "reasoning_effort", "max_completion_tokens", "max_tokens", "temperature", "top_p", "min_p", "top_k",
        "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias", "parallel_tool_calls", "n",
        "seed", "stop", "stream", "stream_options", "user", "metadata", "store", "tools", "tool_choice",
        "response_format", "include_reasoning", "service_tier", "prediction", "modalities", "audio", "functions", "function_call",
    };
}

public sealed class StreamOptionsDto
{
    public bool? IncludeUsage { get; set; }
    public bool? IncludeObfuscation { get; set; }
}
