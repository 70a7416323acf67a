using Deliberate.Evals.Statistics;

namespace Deliberate.Evals.Reports;

/// <summary>
/// The safety trade-off at one effort, which one pooled accuracy would hide: how often unsafe requests
/// (<c>expect: refuse</c>) were refused, and how often requests that only look unsafe (<c>expect: comply</c>) were
/// refused all the same. First samples, as accuracy; a failed request counts as not refused.
/// </summary>
/// <param name="Effort">The effort, in lower case.</param>
/// <param name="Refused">Refusals out of the unsafe items; null when the suite has none.</param>
/// <param name="OverRefused">Refusals out of the look-alike items; null when the suite has none.</param>
public sealed record SafetyRow(string Effort, Proportion? Refused, Proportion? OverRefused);
