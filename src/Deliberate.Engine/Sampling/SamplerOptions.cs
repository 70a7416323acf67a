namespace Deliberate.Engine.Sampling;

/// <summary>
/// Sampling settings with OpenAI/vLLM meanings. Defaults sample from the model's plain distribution.
/// Disabled values: <see cref="TopK"/> 0, <see cref="TopP"/> 1, <see cref="MinP"/> 0, penalties 1/0/0.
/// </summary>
public sealed record SamplerOptions
{
    /// <summary>0 (or below) means greedy.</summary>
    public float Temperature { get; init; } = 1;

    public float TopP { get; init; } = 1;

    public int TopK { get; init; }

    public float MinP { get; init; }

    /// <summary>Multiplicative repetition penalty (llama.cpp/HF style), 1 = off.</summary>
    public float RepetitionPenalty { get; init; } = 1;

    /// <summary>OpenAI presence penalty, subtracted once from every token seen in the window.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>OpenAI frequency penalty, subtracted per occurrence in the window.</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>How many recent tokens the penalties look at (llama.cpp's default is 64).</summary>
    public int PenaltyWindow { get; init; } = 64;

    /// <summary>RNG seed; null draws a fresh one (non-reproducible).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Bias added to given tokens' logits (OpenAI <c>logit_bias</c>).</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    public static SamplerOptions Greedy { get; } = new() { Temperature = 0 };
}
