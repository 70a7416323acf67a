using System.Buffers;
using System.Text.Unicode;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Turns generated tokens into text one token at a time. A character split across tokens (byte-level BPE and byte
/// fallback emit UTF-8 one byte at a time) is held back until its last byte arrives, so every call writes only
/// complete characters. Not thread-safe: one per generation stream.
/// </summary>
public sealed class StreamingDecoder
{
    // Longest UTF-8 sequence is 4 bytes, so at most 3 bytes are ever pending between calls.
    private const int MaxPending = 3;

    private readonly Tokenizer _tokenizer;
    private readonly bool _renderSpecial;
    private readonly byte[] _pending = new byte[MaxPending];
    private int _pendingCount;
    private bool _first = true;
    private byte[] _scratch = new byte[64];

    internal StreamingDecoder(Tokenizer tokenizer, bool renderSpecial)
    {
        _tokenizer = tokenizer;
        _renderSpecial = renderSpecial;
    }

    /// <summary>The most chars one call to <see cref="Decode(int, Span{char}, out int)"/> can write for <paramref name="token"/>.</summary>
    public int MaxCharsFor(int token) => _pendingCount + _tokenizer.GetTokenBytes(token).Length;

    /// <summary>
    /// Decodes one token into <paramref name="destination"/>. Returns <see cref="OperationStatus.Done"/> when all
    /// complete characters were written, <see cref="OperationStatus.NeedMoreData"/> when some bytes are held back
    /// for the next token (what could be written was), and <see cref="OperationStatus.DestinationTooSmall"/> when
    /// nothing was consumed (retry with at least <see cref="MaxCharsFor"/> chars).
    /// </summary>
    public OperationStatus Decode(int token, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (!_renderSpecial && _tokenizer.IsControl(token))
            return _pendingCount > 0 ? OperationStatus.NeedMoreData : OperationStatus.Done;
        ReadOnlySpan<byte> piece = _tokenizer.GetTokenBytes(token);
        if (_first && _tokenizer.StripsLeadingSpace && piece.Length > 0 && piece[0] == (byte)' ' && !_tokenizer.IsControl(token))
            piece = piece[1..];

        int total = _pendingCount + piece.Length;
        if (_scratch.Length < total)
            _scratch = new byte[Math.Max(total, _scratch.Length * 2)];
        _pending.AsSpan(0, _pendingCount).CopyTo(_scratch);
        piece.CopyTo(_scratch.AsSpan(_pendingCount));
        ReadOnlySpan<byte> bytes = _scratch.AsSpan(0, total);

        OperationStatus status = Utf8.ToUtf16(bytes, destination, out int read, out int written, replaceInvalidSequences: true, isFinalBlock: false);
        if (status == OperationStatus.DestinationTooSmall)
            return OperationStatus.DestinationTooSmall;
        _first = false;
        int left = total - read;
        if (left > MaxPending)
            throw new InvalidOperationException("UTF-8 decoder held back more than one partial character");
        bytes[read..].CopyTo(_pending);
        _pendingCount = left;
        charsWritten = written;
        return left > 0 ? OperationStatus.NeedMoreData : OperationStatus.Done;
    }

    /// <summary>Decodes one token to a string (allocates; <see cref="Decode(int, Span{char}, out int)"/> does not).</summary>
    public string Decode(int token)
    {
        Span<char> buffer = stackalloc char[256];
        int need = MaxCharsFor(token);
        char[]? rented = null;
        if (need > buffer.Length)
            buffer = rented = ArrayPool<char>.Shared.Rent(need);
        try
        {
            Decode(token, buffer, out int written);
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Ends the stream: writes held-back bytes as U+FFFD (they never completed) and resets.</summary>
    public string Flush()
    {
        string rest = _pendingCount == 0 ? "" : new string('\uFFFD', 1);
        _pendingCount = 0;
        _first = true;
        return rest;
    }
}
