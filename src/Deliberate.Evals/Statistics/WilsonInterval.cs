namespace Deliberate.Evals.Statistics;

/// <summary>
/// The Wilson score interval for a binomial proportion: unlike the normal approximation it stays inside [0, 1]
/// and behaves at 0% and 100%, which small suites hit often.
/// </summary>
public static class WilsonInterval
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval (low, high) for <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    public static (double Low, double High) Compute(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        return trials == 0 ? (0, 1) : ForProportion((double)successes / trials, trials, z);
    }

    /// <summary>
    /// The interval for an observed proportion over <paramref name="trials"/> items — e.g. accuracy averaged over
    /// several samples per item, whose samples are not independent trials, so the item count is the honest n.
    /// </summary>
    public static (double Low, double High) ForProportion(double proportion, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (double.IsNaN(proportion) || proportion < 0 || proportion > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "a proportion lies in [0, 1]");
        }

        if (trials == 0)
        {
            return (0, 1);
        }

        var p = proportion;
        var z2 = z * z;
        var denominator = 1 + (z2 / trials);
        var centre = (p + (z2 / (2 * trials))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials))) / denominator;
        // At 0% the low end is exactly 0 and at 100% the high end exactly 1; computed, they come out a rounding error
        // away (3.5e-18 for 0 of 83), which reports print as a nonsense lower bound.
        var low = p == 0 ? 0 : Math.Max(0, centre - half);
        var high = p == 1 ? 1 : Math.Min(1, centre + half);
        return (low, high);
    }
}
