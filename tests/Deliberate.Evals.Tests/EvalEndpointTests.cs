using Deliberate.Evals.Running;

namespace Deliberate.Evals.Tests;

public sealed class EvalEndpointTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/v1")]
    [InlineData("https://api.openai.com/v1")]
    public void AnAbsoluteHttpUrlIsTheBaseUrl(string text) => Assert.Equal(new Uri(text), EvalEndpoint.ParseBaseUrl(text));

    [Theory]
    [InlineData("127.0.0.1:8080/v1")]
    [InlineData("/v1")]
    [InlineData("ftp://127.0.0.1/v1")]
    [InlineData("not a url")]
    [InlineData("")]
    public void AnythingElseIsRefusedNamingTheText(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => EvalEndpoint.ParseBaseUrl(text));
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("http", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP 400 (invalid_request_error: unsupported_parameter) Unsupported parameter: 'temperature' is not supported with this model.", true)]
    [InlineData("Unsupported parameter: 'top_p' is not supported with this model.", true)]
    [InlineData("HTTP 400 (invalid_request_error: context_length_exceeded) This model's maximum context length is 1024 tokens.", false)]
    [InlineData(null, false)]
    public void ARefusedSamplingParameterIsRecognised(string? error, bool refused) => Assert.Equal(refused, EvalEndpoint.RejectedSampling(error));
}
