using Deliberate.Evals.Reports;
using Deliberate.Evals.Running;

namespace Deliberate.Evals.Tests;

public sealed class SamplingDescriptionTests
{
    [Theory]
    [InlineData(1, 0.6f, 1f, 0f, false, "greedy")]
    [InlineData(8, 0.6f, 1f, 0f, false, "temperature 0.6")]
    [InlineData(8, 0.8f, 0.9f, 0f, false, "temperature 0.8, top-p 0.9")]
    [InlineData(8, 0.6f, 1f, 0.1f, false, "temperature 0.6, min-p 0.1")]
    [InlineData(1, 0.6f, 1f, 0.1f, false, "greedy")]
    [InlineData(1, 0.6f, 1f, 0f, true, "the endpoint's sampling")]
    [InlineData(8, 0.6f, 0.9f, 0.1f, true, "the endpoint's sampling")]
    public void TheReportSaysHowTheSamplesWereDrawn(int samples, float temperature, float topP, float minP, bool endpointSampling, string expected)
    {
        var options = new EvalRunOptions
        {
            Samples = samples, SampleTemperature = temperature, SampleTopP = topP, SampleMinP = minP, EndpointSampling = endpointSampling,
        };
        Assert.Equal(expected, options.DescribeSampling());

        var report = new EvalReport("nano", "suite", samples, []) { Sampling = options.DescribeSampling() };
        var header = EvalReportWriter.ToTable(report).Split('\n')[0];
        Assert.EndsWith($"samples: {samples} ({expected})", header.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"\"sampling\": \"{expected.Replace("'", "\\u0027", StringComparison.Ordinal)}\"", EvalReportWriter.ToJson(report), StringComparison.Ordinal);
    }
}
