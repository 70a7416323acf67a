namespace Deliberate.Evals.Running;

/// <summary>Checks the base URL of an OpenAI-compatible API that a suite is run against.</summary>
public static class EvalEndpoint
{
    /// <summary>The URL as an absolute http(s) <see cref="Uri"/>, or an <see cref="ArgumentException"/> that says what is wrong.</summary>
    public static Uri ParseBaseUrl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--endpoint '{text}' is not an absolute http or https URL, e.g. http://127.0.0.1:8080/v1");
        }

        return uri;
    }

    /// <summary>
    /// Whether a failed request was refused for a sampling parameter the endpoint does not take: o3-mini, and a
    /// Deliberate model under the OpenAI-strict policy, answer 400 <c>unsupported_parameter</c> to temperature and top_p.
    /// </summary>
    public static bool RejectedSampling(string? error) =>
        error is not null && error.Contains("unsupported", StringComparison.OrdinalIgnoreCase)
        && (error.Contains("temperature", StringComparison.Ordinal) || error.Contains("top_p", StringComparison.Ordinal));
}
