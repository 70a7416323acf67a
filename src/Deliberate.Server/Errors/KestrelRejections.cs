using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Deliberate.Server.Contracts;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Deliberate.Server.Errors;

/// <summary>
/// Kestrel answers a request it cannot parse — a bad request line or target (<c>%00</c> in the path), headers over
/// the limit, a malformed header, an unsupported HTTP version — by itself, before any middleware runs: a status line,
/// <c>Content-Length: 0</c>, <c>Connection: close</c>. ASP.NET Core has no hook for that answer, so this connection
/// middleware gives it the OpenAI error envelope every other failure has: while no request of the connection is in the
/// app (<see cref="MarkInApp"/>), what Kestrel writes is held and, if it is such a bodiless error, rewritten with a body.
/// Inside a request the writer passes everything straight through.
/// </summary>
public static class KestrelRejections
{
    private static readonly object ItemKey = new();

    public static void UseErrorEnvelopes(this ListenOptions listen) => listen.Use(next => async connection =>
    {
        var transport = connection.Transport;
        var writer = new EnvelopingWriter(transport.Output);
        connection.Items[ItemKey] = writer;
        connection.Transport = new DuplexPipe(transport.Input, writer);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    });

    /// <summary>The request reached the app: its answer passes through untouched until the response has completed.</summary>
    public static void MarkInApp(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var item) == true && item is EnvelopingWriter writer)
        {
            writer.InApp = true;
            context.Response.OnCompleted(static state =>
            {
                ((EnvelopingWriter)state).InApp = false;
                return Task.CompletedTask;
            }, writer);
        }
    }

    /// <summary>Kestrel's bodiless error head with the envelope added; null when <paramref name="written"/> is something else.</summary>
    internal static byte[]? Envelope(ReadOnlySpan<byte> written)
    {
        var text = Encoding.Latin1.GetString(written);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || text.Length < 12 || headEnd != text.Length - 4
            || !int.TryParse(text.AsSpan(9, 3), out var status) || status < 400)
        {
            return null;
        }

        var lines = text[..headEnd].Split("\r\n");
        if (!lines.Any(l => l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var (message, code) = Describe(status);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ErrorEnvelope(new ErrorBody(message, status >= 500 ? "server_error" : "invalid_request_error", null, code)), WireJsonContext.Default.ErrorEnvelope);
        var head = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(line).Append("\r\n");
        }

        head.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length).Append("\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    private static (string Message, string Code) Describe(int status) => status switch
    {
        400 => ("Invalid HTTP request: its request line, URL or headers could not be parsed (a URL must be valid percent-encoded UTF-8 and may not encode control characters such as %00).", "invalid_http_request"),
        408 => ("The request headers were not received in time.", "request_timeout"),
        414 => ("The request URL is too long.", "url_too_long"),
        431 => ("The request headers are too large.", "request_headers_too_large"),
        505 => ("This HTTP version is not supported; use HTTP/1.1.", "http_version_not_supported"),
        _ => ("The server could not process this HTTP request.", "invalid_http_request"),
    };

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    /// <summary>Passes writes through while a request is in the app; holds them otherwise, until a flush or completion.</summary>
    private sealed class EnvelopingWriter(PipeWriter inner) : PipeWriter
    {
        private ArrayBufferWriter<byte>? _held;

        public volatile bool InApp;

        public override Memory<byte> GetMemory(int sizeHint = 0) => Held() is { } held ? held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Held() is { } held ? held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            if (_held is not null)
            {
                _held.Advance(bytes);
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            return inner.CompleteAsync(exception);
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);

        /// <summary>Starts holding at the first write outside a request; once holding, keeps on until released.</summary>
        private ArrayBufferWriter<byte>? Held() => _held ??= InApp ? null : new ArrayBufferWriter<byte>();

        private void Release()
        {
            if (_held is null)
            {
                return;
            }

            var written = _held.WrittenSpan;
            var envelope = Envelope(written);
            inner.Write(envelope is null ? written : envelope);
            _held = null;
        }
    }
}
