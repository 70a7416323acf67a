using Deliberate.Evals.Statistics;

namespace Deliberate.Evals.Tests;

public class WilsonIntervalTests
{
    // Reference values from statsmodels' proportion_confint(count, nobs, alpha=0.05, method="wilson").
    [Theory]
    [InlineData(0, 10, 0.0, 0.27753)]
    [InlineData(5, 10, 0.23659, 0.76341)]
    [InlineData(10, 10, 0.72247, 1.0)]
    public void MatchesPublishedWilsonIntervals(int successes, int trials, double low, double high)
    {
        var (l, h) = WilsonInterval.Compute(successes, trials);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Theory]
    [InlineData(83)]
    [InlineData(117)]
    [InlineData(1000)]
    public void NoneRightStartsAtExactlyZeroAndAllRightEndsAtExactlyOne(int trials)
    {
        // Computed, these ends come out a rounding error away (3.5e-18 for 0 of 83), which reports printed.
        Assert.Equal(0.0, WilsonInterval.Compute(0, trials).Low);
        Assert.Equal(1.0, WilsonInterval.Compute(trials, trials).High);
    }

    [Fact]
    public void EmptySampleIsTheWholeRange() => Assert.Equal((0.0, 1.0), WilsonInterval.Compute(0, 0));

    [Fact]
    public void RejectsMoreSuccessesThanTrials() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(3, 2));

    [Fact]
    public void AProportionGivesTheIntervalOfTheSameCount() =>
        Assert.Equal(WilsonInterval.Compute(5, 10), WilsonInterval.ForProportion(0.5, 10));

    [Fact]
    public void AnAveragedProportionLiesBetweenItsNeighbours()
    {
        // 0.45 over 10 items (e.g. 36 of 80 samples right) sits between 4 and 5 of 10.
        var (low, high) = WilsonInterval.ForProportion(0.45, 10);
        Assert.InRange(low, WilsonInterval.Compute(4, 10).Low, WilsonInterval.Compute(5, 10).Low);
        Assert.InRange(high, WilsonInterval.Compute(4, 10).High, WilsonInterval.Compute(5, 10).High);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void RejectsAProportionOutsideZeroToOne(double proportion) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.ForProportion(proportion, 10));
}
