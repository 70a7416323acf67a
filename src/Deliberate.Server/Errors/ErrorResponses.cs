using System.Text.Json;
using Deliberate.Server.Contracts;

namespace Deliberate.Server.Errors;

/// <summary>Writes the <c>{"error":{message,type,param,code}}</c> envelope every failure uses.</summary>
public static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, ApiException error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (error.Status is 401 or 404 or 400 or 413 or 415)
        {
            response.Headers["x-should-retry"] = "false";
        }

        var body = new ErrorEnvelope(new ErrorBody(error.Message, error.Type, error.Param, error.Code));
        return response.WriteAsync(JsonSerializer.Serialize(body, WireJsonContext.Default.ErrorEnvelope), context.RequestAborted);
    }

    public static IResult Result(ApiException error) => new ErrorResult(error);

    private sealed class ErrorResult(ApiException error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, error);
    }
}
