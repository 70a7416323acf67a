namespace Deliberate.Evals.Statistics;

/// <summary>A count out of a total, its rate, and the rate's 95% Wilson interval.</summary>
public sealed record Proportion(int Count, int Total, double Rate, double CiLow, double CiHigh)
{
    public static Proportion Of(int count, int total)
    {
        var (low, high) = WilsonInterval.Compute(count, total);
        return new Proportion(count, total, total == 0 ? 0 : (double)count / total, low, high);
    }
}
