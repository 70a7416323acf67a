using System.Text;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// Chat Completions SSE framing: <c>data: &lt;payload&gt;\n\n</c>, no <c>event:</c> lines (SDKs mis-parse chat chunks
/// that carry one). Frames go into the response pipe without a flush; the stream flushes whenever the next event is
/// not ready yet, so a client gets every token as soon as it is made, and when the decode loop runs ahead of the
/// socket (many streams on two cores) the waiting frames leave in one write instead of one syscall each.
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

    /// <summary>Buffers one frame in the response pipe; nothing is sent until <see cref="FlushAsync"/>.</summary>
    public static void WriteData(HttpResponse response, string payload) => Encoding.UTF8.GetBytes(Frame(payload), response.BodyWriter);

    public static async Task FlushAsync(HttpResponse response, CancellationToken cancellationToken) =>
        await response.BodyWriter.FlushAsync(cancellationToken);
}
