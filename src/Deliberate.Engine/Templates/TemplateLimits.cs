namespace Deliberate.Engine.Templates;

/// <summary>
/// Caps that keep a hostile template from hanging or exhausting the process. The defaults are far
/// above what real chat templates need (a long conversation with tool schemas renders well under 1 MB).
/// </summary>
public sealed record TemplateLimits
{
    public static TemplateLimits Default { get; } = new();

    /// <summary>Maximum template source length in characters.</summary>
    public int MaxSourceLength { get; init; } = 1 << 20;

    /// <summary>Maximum nesting of blocks and expressions while parsing.</summary>
    public int MaxNestingDepth { get; init; } = 128;

    /// <summary>Maximum depth of macro calls while rendering (recursive macros).</summary>
    public int MaxCallDepth { get; init; } = 64;

    /// <summary>Maximum total loop iterations of one render (all loops together).</summary>
    public long MaxLoopIterations { get; init; } = 1_000_000;

    /// <summary>Maximum characters written by one render, and the maximum length of any string value built.</summary>
    public int MaxOutputLength { get; init; } = 16 << 20;

    /// <summary>
    /// Wall-clock cap for one render, checked at every loop iteration and macro call. The iteration and size
    /// caps bound how much a template can do, but not the cost of each step (a loop re-copying a 16 MB string).
    /// </summary>
    public TimeSpan MaxRenderTime { get; init; } = TimeSpan.FromSeconds(10);
}
