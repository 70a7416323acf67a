
namespace Deliberate.Server.Errors;

/// <summary>
/// The last-chance handler: an <see cref="ApiException"/> becomes its envelope, a framework rejection
/// (body too large, bad request line) its 4xx envelope, and anything else a logged 500 envelope — never a bare page.
/// Also turns bare 404/405 answers from routing into envelopes.
/// </summary>
public sealed partial class ErrorEnvelopeMiddleware(RequestDelegate next, ILogger<ErrorEnvelopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405 && context.Response.ContentLength is null
                && context.GetEndpoint() is null)
            {
                var status = context.Response.StatusCode;
                await ErrorResponses.WriteAsync(context, new ApiException(status,
                    status == 404 ? $"Unknown request URL: {context.Request.Method} {context.Request.Path}." : $"Method {context.Request.Method} is not allowed on {context.Request.Path}.",
                    "invalid_request_error", null, status == 404 ? "unknown_url" : "method_not_allowed"));
            }
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var error = Translate(e, context);
            if (error.Status >= 500)
            {
                LogUnhandled(logger, e, context.Request.Path);
            }

            context.Response.Clear();
            await ErrorResponses.WriteAsync(context, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-stream; nothing left to tell it.
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);
}
