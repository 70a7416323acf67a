using Deliberate.Engine.Gguf;

namespace Deliberate.Engine.Reasoning;

/// <summary>
/// Thinking budgets per effort (the most reasoning tokens before the engine forces the thinking closed), as one
/// source states them: a model's configuration, its file's metadata, or the engine's defaults. A source may state
/// only some levels; <see cref="Resolve"/> takes each level from the first source that states it (docs/effort.md).
/// </summary>
public sealed record EffortBudgets
{
    /// <summary>Metadata keys a GGUF file carries its calibrated budgets under (<c>deliberate convert --budgets</c>).</summary>
    public const string MetadataKeyPrefix = "deliberate.thinking_budget.";

    /// <summary>
    /// The budgets of a model nobody calibrated (docs/effort.md says why): each level four times the one below, so
    /// each costs clearly more than the last; medium leaves room for the answer in the engine's default 4096-token
    /// context; high reaches the server's default completion limit, so a model thinks as long as the request allows.
    /// </summary>
    public static EffortBudgets EngineDefaults { get; } = new() { Low = 256, Medium = 1024, High = 4096 };

    public int? Low { get; init; }

    public int? Medium { get; init; }

    public int? High { get; init; }

    /// <summary>The budget this source states for <paramref name="effort"/>, or null when it states none.</summary>
    public int? For(Effort effort) => effort switch
    {
        Effort.Low => Low,
        Effort.Medium => Medium,
        Effort.High => High,
        _ => throw new ArgumentOutOfRangeException(nameof(effort), effort, "not an effort level"),
    };

    /// <summary>Whether the source states no level at all.</summary>
    public bool IsEmpty => Low is null && Medium is null && High is null;

    /// <summary>
    /// The one place a thinking budget is decided. Precedence: the request's explicit budget, then the model's
    /// configuration, then its file's metadata, then <see cref="EngineDefaults"/>, each level on its own.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A budget (requested or stated) is negative.</exception>
    public static ResolvedBudget Resolve(Effort effort, int? requested, EffortBudgets? configured, EffortBudgets? modelFile)
    {
        var resolved = requested is { } tokens ? new ResolvedBudget(tokens, BudgetSource.Request)
            : configured?.For(effort) is { } fromConfiguration ? new ResolvedBudget(fromConfiguration, BudgetSource.Configuration)
            : modelFile?.For(effort) is { } fromFile ? new ResolvedBudget(fromFile, BudgetSource.ModelFile)
            : new ResolvedBudget(EngineDefaults.For(effort)!.Value, BudgetSource.EngineDefault);
        return resolved.Tokens >= 0 ? resolved
            : throw new ArgumentOutOfRangeException(nameof(requested), resolved.Tokens,
                $"the thinking budget for {effort.Name()} effort ({resolved.Source}) is negative; it must be 0 or more");
    }

    /// <summary>The budgets a model file carries (any level it lacks is null).</summary>
    /// <exception cref="GgufFormatException">A budget key holds something other than a non-negative integer.</exception>
    public static EffortBudgets FromMetadata(GgufMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        int? Read(Effort effort) => metadata.TryGetUInt32(MetadataKey(effort)) is { } value ? (int)Math.Min(value, int.MaxValue) : null;
        return new EffortBudgets { Low = Read(Effort.Low), Medium = Read(Effort.Medium), High = Read(Effort.High) };
    }

    /// <summary>Writes the stated levels as metadata, for <see cref="FromMetadata"/> to read back.</summary>
    public void WriteTo(GgufWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var effort in Efforts.All)
        {
            if (For(effort) is { } tokens)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(tokens, effort.Name());
                writer.Add(MetadataKey(effort), (uint)tokens);
            }
        }
    }

    public static string MetadataKey(Effort effort) => MetadataKeyPrefix + effort.Name();
}
