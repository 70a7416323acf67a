using System.Buffers.Binary;
using System.Text;

namespace Deliberate.Engine.Gguf;

/// <summary>
/// A forward-only little-endian reader over the header bytes. Every read checks the bytes that remain first and
/// throws <see cref="GgufFormatException"/> with the offset of the field, so a truncated or lying file can never
/// make it read past the end or allocate more than the file could hold.
/// </summary>
internal ref struct GgufCursor(ReadOnlySpan<byte> bytes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Position { get; private set; }

    public readonly long Remaining => _bytes.Length - Position;

    public ReadOnlySpan<byte> Take(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw new GgufFormatException(Position, $"{what} needs {count} bytes but {Remaining} remain");
        }

        var slice = _bytes.Slice(Position, (int)count);
        Position += (int)count;
        return slice;
    }

    public byte U8(string what) => Take(1, what)[0];

    public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>A u64 that ggml reads as i64: rejects values that would be negative.</summary>
    public long Count(string what, long max, long minBytesEach)
    {
        var at = Position;
        var raw = U64(what);
        if (raw > (ulong)max)
        {
            throw new GgufFormatException(at, $"{what} {raw} exceeds the limit {max}");
        }

        var count = (long)raw;
        if (minBytesEach > 0 && count > Remaining / minBytesEach)
        {
            throw new GgufFormatException(at, $"{what} {count} cannot fit in the {Remaining} bytes that remain");
        }

        return count;
    }

    public string String(string what, long maxBytes)
    {
        var at = Position;
        var length = U64($"{what} length");
        if (length > (ulong)maxBytes)
        {
            throw new GgufFormatException(at, $"{what} length {length} exceeds the limit {maxBytes}");
        }

        var bytes = Take((long)length, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new GgufFormatException(at + 8, $"{what} is not valid UTF-8");
        }
    }
}
