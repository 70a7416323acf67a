using System.Diagnostics.Metrics;
using Deliberate.Server.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Deliberate.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server: metrics always (the <c>Deliberate.Server</c> meter and ASP.NET Core's, scraped at
/// <c>/metrics</c>), and when an OTLP endpoint is configured (<c>otlpEndpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the other <c>OTEL_*</c> variables)
/// metrics and traces are exported there as well. Traces are recorded only then: with nowhere to send them a span per
/// request would be work for nothing.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddTelemetry(this WebApplicationBuilder builder, ServerOptions options)
    {
        // The exporter reads its OTEL_* settings from the host's configuration; the config key joins them there.
        if (options.OtlpEndpoint is { Length: > 0 } endpoint)
        {
            builder.Configuration[OtlpEndpointVariable] = endpoint;
        }

        var otlp = builder.Configuration[OtlpEndpointVariable] is { Length: > 0 };
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("deliberate"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServerMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    // Scrapes are seconds apart; a cached scrape would only hide the latest requests from tests and people.
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) => builder.AddView(OnlyThisServer(services.GetRequiredService<IMeterFactory>())));
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(ServerTracing.SourceName).AddAspNetCoreInstrumentation());
            telemetry.UseOtlpExporter();
        }
    }

    public static void MapMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath);

    /// <summary>
    /// OpenTelemetry listens to meters by name, so a second server in the same process (tests, an embedding app) would
    /// have its counts reported here as well; a meter made by another host's factory is dropped.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisServer(IMeterFactory factory) =>
        instrument => instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, factory) ? MetricStreamConfiguration.Drop : null;
}
