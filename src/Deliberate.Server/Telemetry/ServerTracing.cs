using System.Diagnostics;

namespace Deliberate.Server.Telemetry;

/// <summary>The server's <see cref="ActivitySource"/>: a span per chat request, with queue, prefill and decode spans inside.</summary>
public static class ServerTracing
{
    public const string SourceName = "Deliberate.Server";

    internal static readonly ActivitySource Source = new(SourceName);
}
