using System.Text.Json;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Chat;

/// <summary>One chat generation: the conversation, the effort, limits and sampling, as the engine takes it.</summary>
public sealed record ChatRequest
{
    public required IReadOnlyList<ChatTemplateMessage> Messages { get; init; }

    /// <summary>Tool declarations (OpenAI <c>tools</c> entries) rendered by the chat template.</summary>
    public IReadOnlyList<JsonElement>? Tools { get; init; }

    /// <summary>How hard the model thinks; null means <see cref="Efforts.Default"/> (medium).</summary>
    public Effort? Effort { get; init; }

    /// <summary>Caps reasoning plus answer tokens together (OpenAI's <c>max_completion_tokens</c>).</summary>
    public int? MaxCompletionTokens { get; init; }

    /// <summary>Sampling; greedy unless set.</summary>
    public SamplerOptions Sampling { get; init; } = SamplerOptions.Greedy;

    /// <summary>Strings that end the answer (not matched inside reasoning).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Number of choices; they share the processed prompt and decode in one batch.</summary>
    public int N { get; init; } = 1;

    /// <summary>
    /// Most reasoning tokens, stated by the caller; null takes the model's budget for <see cref="Effort"/>
    /// (<see cref="ChatModel.ResolveThinkingBudget"/>).
    /// </summary>
    public int? ThinkingBudget { get; init; }

    /// <summary>What the answer must be (JSON of a schema, a forced tool call); null leaves it free.</summary>
    public OutputConstraint? Constraint { get; init; }

    /// <summary>Admission order: interactive requests are scheduled before batch work.</summary>
    public ChatPriority Priority { get; init; } = ChatPriority.Interactive;

    /// <summary>Whether tool calls are parsed out of the answer: tools are declared and the constraint does not forbid calls.</summary>
    internal bool ParsesToolCalls => Tools is { Count: > 0 } && Constraint?.ForbiddenTokens.Contains(OutputConstraints.ToolCallOpen) != true;
}

/// <summary>Which waiting requests the scheduler admits first (FIFO within a priority).</summary>
public enum ChatPriority
{
    /// <summary>Someone is waiting for the answer (every API request today).</summary>
    Interactive,

    /// <summary>Work nobody watches (the Batch API): admitted only when no interactive request waits.</summary>
    Batch,
}
