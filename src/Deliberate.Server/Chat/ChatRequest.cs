using Deliberate.Engine.Reasoning;
using Deliberate.Server.Configuration;

namespace Deliberate.Server.Chat;

/// <summary>A validated chat request in the server's own terms: what the backend needs, nothing about JSON.</summary>
public sealed record ChatRequest
{
    public required ServedModel Model { get; init; }
    public required string RequestedModel { get; init; }
    public required IReadOnlyList<ChatTurn> Messages { get; init; }
    /// <summary>The request's effort, else its alias's, else medium; the engine resolves its thinking budget.</summary>
    public Effort Effort { get; init; } = Efforts.Default;
    public required int MaxCompletionTokens { get; init; }
    public int N { get; init; } = 1;
    public long? Seed { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    public SamplingOverrides Sampling { get; init; } = new();
    public bool IncludeReasoning { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsage { get; init; }

    /// <summary>Interactive (an HTTP client waits) or batch (the Batch API): the scheduler admits interactive work first.</summary>
    public Deliberate.Engine.Chat.ChatPriority Priority { get; init; } = Deliberate.Engine.Chat.ChatPriority.Interactive;

    /// <summary>Tools, the answer's constraint, and whether tool calls are parsed out of the answer.</summary>
    public StructuredOutputs Structured { get; init; } = StructuredOutputs.None;
}

/// <summary>One message: role (developer and system both mean instructions), text, optional name / tool call id.</summary>
public sealed record ChatTurn(string Role, string Content, string? Name = null, string? ToolCallId = null, string? ReasoningContent = null)
{
    /// <summary>Calls an earlier assistant turn made (sent back by the client in a tool loop).</summary>
    public IReadOnlyList<Deliberate.Engine.Templates.ChatToolCall>? ToolCalls { get; init; }
}

/// <summary>Sampling parameters honoured only under <see cref="ParameterPolicy.Open"/>; null means the model default.</summary>
public sealed record SamplingOverrides
{
    public double? Temperature { get; init; }
    public double? TopP { get; init; }

    /// <summary>Min-p cut (an extension OpenAI does not have; vLLM and llama.cpp do); 0 or null is off.</summary>
    public double? MinP { get; init; }

    /// <summary>Top-k cut (an extension, as min-p); 0 or null is off.</summary>
    public int? TopK { get; init; }
    public double? PresencePenalty { get; init; }
    public double? FrequencyPenalty { get; init; }

    /// <summary>Token id → bias added to its logit (OpenAI's <c>logit_bias</c>).</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }
}
