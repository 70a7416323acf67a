using Deliberate.Server.Telemetry;

namespace Deliberate.Server.Errors;

/// <summary>
/// The last-chance handler: an <see cref="ApiException"/> becomes its envelope, a framework rejection
/// (body too large, bad request line) its 4xx envelope, and anything else a logged 500 envelope — never a bare page.
/// Also turns the bodiless 404 and 405 answers of routing into envelopes.
/// </summary>
public sealed class ErrorEnvelopeMiddleware(RequestDelegate next, ILogger<ErrorEnvelopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            // Routing answers an unknown URL with 404 and a known URL with the wrong method with 405 (its own endpoint,
            // which sets Allow), both without a body; everything this server writes itself has one.
            if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405)
            {
                await ErrorResponses.WriteAsync(context, RoutingError(context));
            }
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var error = Translate(e, context);
            if (error.Status >= 500)
            {
                ServerLog.Unhandled(logger, e, context.Request.Path.ToUriComponent());
            }

            context.Response.Clear();
            await ErrorResponses.WriteAsync(context, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-stream; nothing left to tell it.
        }
    }

    /// <summary>OpenAI's wording: an unknown URL or a wrong method is an <c>invalid_request_error</c> naming both.</summary>
    private static ApiException RoutingError(HttpContext context)
    {
        var request = $"{context.Request.Method} {context.Request.Path}";
        if (context.Response.StatusCode == 404)
        {
            return new ApiException(404, $"Invalid URL ({request}).", "invalid_request_error", null, "unknown_url");
        }

        var allowed = context.Response.Headers.Allow.ToString();
        return new ApiException(405, $"Invalid method for URL ({request}){(allowed.Length > 0 ? $": it accepts {allowed}" : "")}.",
            "invalid_request_error", null, "method_not_allowed");
    }

    private static ApiException Translate(Exception e, HttpContext context) => e switch
    {
        ApiException api => api,
        BadHttpRequestException { StatusCode: 413 } => new ApiException(413, "The request body is too large.", "invalid_request_error", null, "request_too_large"),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, bad.Message, "invalid_request_error"),
        OperationCanceledException when context.RequestAborted.IsCancellationRequested =>
            new ApiException(499, "The client closed the request.", "invalid_request_error"),
        _ => new ApiException(500, "The server had an error while processing your request.", "server_error"),
    };
}
