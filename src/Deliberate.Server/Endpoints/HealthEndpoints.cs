using Deliberate.Server.Chat;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// <c>/health</c>: liveness (200 while the process serves HTTP; restart it when this fails). <c>/ready</c>: readiness
/// (503 until every model is loaded; send traffic only after 200). <c>/metrics</c> is the Prometheus exporter's
/// (<see cref="Telemetry.TelemetrySetup"/>).
/// </summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, IChatBackend backend)
    {
        app.MapGet("/health", () => TypedResults.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapGet("/ready", () => backend.IsReady
            ? Results.Text("{\"status\":\"ready\"}", "application/json")
            : Results.Text("{\"status\":\"loading\"}", "application/json", statusCode: 503));
    }
}
