using System.Diagnostics;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Telemetry;

/// <summary>
/// The outermost middleware: gives each request its <c>x-request-id</c>, and when it ends counts it by route and status
/// and writes its one log line (Information for the API, Debug for the health, readiness and metrics probes).
/// </summary>
public sealed class RequestTelemetryMiddleware(RequestDelegate next, ServerMetrics metrics, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger(ServerLog.RequestCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        // OpenAI sends x-request-id on every response and its SDKs surface it (openai-node's requestID / _request_id),
        // so a user can quote it; ours ties a client-side report to this log line the same way.
        var record = new RequestRecord("req_" + Guid.NewGuid().ToString("N"), Stopwatch.GetTimestamp());
        KestrelRejections.MarkInApp(context);
        context.TraceIdentifier = record.Id;
        context.Features.Set(record);
        // Set as the response starts, so an error envelope that clears the headers still carries it.
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers["x-request-id"] = id;
            return Task.CompletedTask;
        }, (context.Response, record.Id));
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.CountRequest(route, context.Response.StatusCode);
            Log(context, record);
        }
    }

    private void Log(HttpContext context, RequestRecord record)
    {
        // nginx's 499: the client went away before the answer was complete.
        var status = context.RequestAborted.IsCancellationRequested ? 499 : context.Response.StatusCode;
        var duration = Milliseconds(Stopwatch.GetElapsedTime(record.StartTimestamp));
        // Re-encoded, so a decoded %0A in the path cannot forge a line in the text log.
        var path = context.Request.Path.ToUriComponent();
        if (record.Model is not null)
        {
            double? firstToken = record.FirstTokenTimestamp is { } at ? Milliseconds(Stopwatch.GetElapsedTime(record.StartTimestamp, at)) : null;
            ServerLog.ChatRequest(_logger, context.Request.Method, path, status, duration, record.Id, record.Model, record.Effort,
                record.PromptTokens, record.CachedPromptTokens, record.CompletionTokens, record.ReasoningTokens, firstToken);
            return;
        }

        var level = context.Request.Path.StartsWithSegments("/v1") ? LogLevel.Information : LogLevel.Debug;
        ServerLog.Request(_logger, level, context.Request.Method, path, status, duration, record.Id);
    }

    private static double Milliseconds(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds, 1);
}
