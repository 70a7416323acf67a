namespace Deliberate.Server.Endpoints;

/// <summary>
/// A multipart section's body as the upload reads it. The reader reports a body that ends before its closing boundary
/// as an <see cref="IOException"/>, the same type a failing disk throws; this turns the body's own failures into
/// <see cref="InvalidDataException"/> (a 400: the client sent a broken body), so an I/O error writing the file stays
/// a server error. A cancelled read — the client went away — passes through unchanged.
/// </summary>
internal sealed class MultipartBodyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Broken(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read the upload asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The reader's own message ("Unexpected end of Stream…") says what broke.</summary>
    public static InvalidDataException Broken(IOException e) => new(e.Message, e);
}
