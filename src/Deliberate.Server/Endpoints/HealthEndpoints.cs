using Deliberate.Server.Chat;
using Deliberate.Server.Metrics;

namespace Deliberate.Server.Endpoints;

/// <summary><c>/health</c> (process alive), <c>/ready</c> (503 until models are loaded), <c>/metrics</c> (Prometheus text).</summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, IChatBackend backend, ServerMetrics metrics)
    {
        app.MapGet("/health", () => TypedResults.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapGet("/ready", () => backend.IsReady
            ? Results.Text("{\"status\":\"ready\"}", "application/json")
            : Results.Text("{\"status\":\"loading\"}", "application/json", statusCode: 503));
        app.MapGet("/metrics", () => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
