using System.Text;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// Chat Completions SSE framing: <c>data: &lt;payload&gt;\n\n</c>, no <c>event:</c> lines (SDKs mis-parse chat chunks
/// that carry one), flushed per event so tokens reach the client as they are made.
/// </summary>
public static class SseWriter
{
    public static string Frame(string payload)
    {
        if (payload.Contains('\n', StringComparison.Ordinal) || payload.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("an SSE data payload must be one line (serialize JSON without indentation)", nameof(payload));
        }

        return "data: " + payload + "\n\n";
    }

    public static async Task WriteDataAsync(HttpResponse response, string payload, CancellationToken cancellationToken)
    {
        await response.WriteAsync(Frame(payload), Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
