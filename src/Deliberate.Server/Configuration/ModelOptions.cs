using Deliberate.Engine.Reasoning;

namespace Deliberate.Server.Configuration;

/// <summary>One served model: a GGUF file, the id clients name it by, and how effort maps to thinking.</summary>
public sealed class ModelOptions
{
    public string Path { get; set; } = "";

    public string Id { get; set; } = "";

    /// <summary>Other names for this model; an alias may pin a reasoning effort (see <see cref="AliasEfforts"/>).</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Alias → effort it implies when the request names none (e.g. <c>o3-mini-high</c> → high).</summary>
    public Dictionary<string, Effort> AliasEfforts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Context size in tokens; 0 uses the model's trained context, capped at 4096 (the engine's default).</summary>
    public int ContextSize { get; set; }

    /// <summary>
    /// Thinking budgets per effort; a level left out falls to the model file's, then to the engine's default
    /// (docs/effort.md). A request's effort picks the level.
    /// </summary>
    public EffortBudgets? ThinkingBudgets { get; set; }

    /// <summary>KV cache element type: F32 (default: exact and faster here) or F16 (half the memory, slower attention).</summary>
    public KvCacheType KvCacheType { get; set; } = KvCacheType.F32;

    public ParameterPolicy ParameterPolicy { get; set; } = ParameterPolicy.OpenAIStrict;

    /// <summary>Largest visible+reasoning tokens when a request sets no <c>max_completion_tokens</c>.</summary>
    public int DefaultMaxCompletionTokens { get; set; } = 4096;
}

/// <summary>What a served model's KV cache stores.</summary>
public enum KvCacheType
{
    F16,
    F32,
    BF16,
}

/// <summary>How sampling parameters o3-mini rejects are treated.</summary>
public enum ParameterPolicy
{
    /// <summary>Reject them with OpenAI's exact <c>unsupported_parameter</c> error.</summary>
    OpenAIStrict,

    /// <summary>Honour temperature, top_p and the penalties.</summary>
    Open,
}
