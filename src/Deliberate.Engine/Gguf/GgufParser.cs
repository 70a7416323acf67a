using System.Numerics;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Gguf;

/// <summary>What the header of a GGUF file says, validated against the file's length.</summary>
internal sealed record GgufHeader(int Version, GgufMetadata Metadata, IReadOnlyList<GgufTensorInfo> Tensors, int Alignment, long DataOffset);

/// <summary>
/// Parses and validates a GGUF v2/v3 little-endian header: magic, version, metadata, tensor directory, alignment
/// and data offset, following the checks of ggml's <c>gguf.cpp</c> and llama.cpp's loader
/// (docs/engine.md#checks-we-apply).
/// </summary>
internal static class GgufParser
{
    /// <summary>The default alignment when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    private const string AlignmentKey = "general.alignment";

    /// <param name="header">The file's bytes from the start (at least the whole header).</param>
    /// <param name="fileLength">The whole file's length, for tensor bounds.</param>
    public static GgufHeader Parse(ReadOnlySpan<byte> header, long fileLength)
    {
        var cursor = new GgufCursor(header);
        var magic = cursor.Take(4, "magic");
        if (!magic.SequenceEqual("GGUF"u8))
        {
            throw new GgufFormatException(0, "not a GGUF file (magic is not 'GGUF')");
        }

        var version = cursor.U32("version");
        if ((version & 0xFFFF) == 0 && version != 0)
        {
            throw new GgufFormatException(4, "big-endian GGUF files are not supported");
        }

        if (version is not (2 or 3))
        {
            throw new GgufFormatException(4, $"GGUF version {version} is not supported (2 and 3 are)");
        }

        var tensorCount = cursor.Count("tensor count", GgufLimits.MaxTensors, 24);
        var keyCount = cursor.Count("metadata key count", GgufLimits.MaxKeys, 14);

        var metadata = new GgufMetadata();
        var stringsLeft = GgufLimits.MaxMetadataStrings;
        for (long i = 0; i < keyCount; i++)
        {
            var at = cursor.Position;
            CheckHeaderSize(at);
            var key = cursor.String("key", GgufLimits.MaxKeyBytes);
            if (key.Length == 0)
            {
                throw new GgufFormatException(at, "empty metadata key");
            }

            var value = ReadValue(ref cursor, key, ref stringsLeft);
            metadata.Add(key, value, at);
        }

        var alignment = AlignmentOf(metadata);
        var tensors = new List<GgufTensorInfo>((int)tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            CheckHeaderSize(cursor.Position);
            var tensor = ReadTensorInfo(ref cursor, alignment);
            if (!names.Add(tensor.Name))
            {
                throw new GgufFormatException(tensor.RecordOffset, $"duplicate tensor name '{tensor.Name}'");
            }

            tensors.Add(tensor);
        }

        CheckHeaderSize(cursor.Position);
        long dataOffset = cursor.Position;
        dataOffset += (alignment - (dataOffset % alignment)) % alignment;
        if (tensorCount > 0 && dataOffset > fileLength)
        {
            throw new GgufFormatException(cursor.Position, $"tensor data would start at {dataOffset}, past the end of the {fileLength}-byte file");
        }

        CheckTensorBounds(tensors, dataOffset, fileLength);
        return new GgufHeader((int)version, metadata, tensors, alignment, dataOffset);
    }

    private static void CheckHeaderSize(long position)
    {
        if (position > GgufLimits.MaxHeaderBytes)
        {
            throw new GgufFormatException(position, $"the header runs past {GgufLimits.MaxHeaderBytes} bytes, the limit for metadata and tensor directory");
        }
    }

    private static int AlignmentOf(GgufMetadata metadata)
    {
        if (!metadata.TryGetValue(AlignmentKey, out var value))
        {
            return DefaultAlignment;
        }

        var at = metadata.OffsetOf(AlignmentKey);
        if (value.Type != GgufValueType.UInt32)
        {
            throw new GgufFormatException(at, $"'{AlignmentKey}' must be uint32 but is {value.Type}");
        }

        var alignment = (uint)value.Value;
        if (alignment == 0 || !BitOperations.IsPow2(alignment) || alignment > GgufLimits.MaxAlignment)
        {
            throw new GgufFormatException(at, $"'{AlignmentKey}' = {alignment} is not a power of two up to {GgufLimits.MaxAlignment}");
        }

        return (int)alignment;
    }

    private static GgufValue ReadValue(ref GgufCursor cursor, string key, ref long stringsLeft)
    {
        var at = cursor.Position;
        var type = (GgufValueType)cursor.U32($"type of '{key}'");
        if (type == GgufValueType.Array)
        {
            var elementAt = cursor.Position;
            var elementType = (GgufValueType)cursor.U32($"element type of '{key}'");
            if (elementType == GgufValueType.Array)
            {
                throw new GgufFormatException(elementAt, $"'{key}' is an array of arrays, which GGUF readers reject");
            }

            var size = ScalarSize(elementType, elementAt, key);
            var countAt = cursor.Position;
            var count = cursor.Count($"element count of '{key}'", GgufLimits.MaxArrayElements, size);
            if (elementType == GgufValueType.String)
            {
                TakeStrings(ref stringsLeft, count, countAt, key);
            }

            return GgufValue.Array(elementType, ReadArray(ref cursor, elementType, (int)count, key));
        }

        ScalarSize(type, at, key);
        if (type == GgufValueType.String)
        {
            TakeStrings(ref stringsLeft, 1, at, key);
        }

        return GgufValue.Scalar(type, ReadScalar(ref cursor, type, key));
    }

    private static void TakeStrings(ref long stringsLeft, long count, long at, string key)
    {
        if (count > stringsLeft)
        {
            throw new GgufFormatException(at, $"'{key}' brings the metadata past {GgufLimits.MaxMetadataStrings} strings");
        }

        stringsLeft -= count;
    }

    /// <summary>Bytes per element (8 for strings: the least a string can take, its length field).</summary>
    private static int ScalarSize(GgufValueType type, long at, string key) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
        _ => throw new GgufFormatException(at, $"'{key}' has unknown value type {(uint)type}"),
    };

    private static object ReadScalar(ref GgufCursor cursor, GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 => cursor.U8(key),
        GgufValueType.Int8 => (sbyte)cursor.U8(key),
        GgufValueType.UInt16 => cursor.U16(key),
        GgufValueType.Int16 => (short)cursor.U16(key),
        GgufValueType.UInt32 => cursor.U32(key),
        GgufValueType.Int32 => (int)cursor.U32(key),
        GgufValueType.Float32 => BitConverter.UInt32BitsToSingle(cursor.U32(key)),
        GgufValueType.Bool => cursor.U8(key) != 0,
        GgufValueType.String => cursor.String($"value of '{key}'", GgufLimits.MaxStringBytes),
        GgufValueType.UInt64 => cursor.U64(key),
        GgufValueType.Int64 => (long)cursor.U64(key),
        GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(cursor.U64(key)),
        _ => throw new GgufFormatException(cursor.Position, $"'{key}' has unknown value type {(uint)type}"),
    };

    private static Array ReadArray(ref GgufCursor cursor, GgufValueType type, int count, string key)
    {
        switch (type)
        {
            case GgufValueType.String:
                var strings = new string[count];
                for (var i = 0; i < count; i++)
                {
                    strings[i] = cursor.String($"element {i} of '{key}'", GgufLimits.MaxStringBytes);
                }

                return strings;
            case GgufValueType.UInt8:
                return cursor.Take(count, key).ToArray();
            case GgufValueType.Int8:
                return Cast<sbyte>(cursor.Take(count, key));
            case GgufValueType.Bool:
                var bools = new bool[count];
                var raw = cursor.Take(count, key);
                for (var i = 0; i < count; i++)
                {
                    bools[i] = raw[i] != 0;
                }

                return bools;
            case GgufValueType.UInt16:
                return ReadNumbers<ushort>(cursor.Take(2L * count, key));
            case GgufValueType.Int16:
                return ReadNumbers<short>(cursor.Take(2L * count, key));
            case GgufValueType.UInt32:
                return ReadNumbers<uint>(cursor.Take(4L * count, key));
            case GgufValueType.Int32:
                return ReadNumbers<int>(cursor.Take(4L * count, key));
            case GgufValueType.Float32:
                return ReadNumbers<float>(cursor.Take(4L * count, key));
            case GgufValueType.UInt64:
                return ReadNumbers<ulong>(cursor.Take(8L * count, key));
            case GgufValueType.Int64:
                return ReadNumbers<long>(cursor.Take(8L * count, key));
            default:
                return ReadNumbers<double>(cursor.Take(8L * count, key));
        }
    }

    private static T[] Cast<T>(ReadOnlySpan<byte> bytes)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();

    /// <summary>Little-endian numbers; the reinterpretation is exact on the little-endian machines .NET runs on here.</summary>
    private static T[] ReadNumbers<T>(ReadOnlySpan<byte> bytes)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF reading needs a little-endian machine");
        }

        return Cast<T>(bytes);
    }

    private static GgufTensorInfo ReadTensorInfo(ref GgufCursor cursor, int alignment)
    {
        var at = cursor.Position;
        var name = cursor.String("tensor name", GgufLimits.MaxTensorNameBytes);
        if (name.Length == 0)
        {
            throw new GgufFormatException(at, "empty tensor name");
        }

        var dimsAt = cursor.Position;
        var rank = cursor.U32($"rank of '{name}'");
        if (rank is 0 or > GgufLimits.MaxDimensions)
        {
            throw new GgufFormatException(dimsAt, $"tensor '{name}' has {rank} dimensions (1..{GgufLimits.MaxDimensions} allowed)");
        }

        var dims = new long[rank];
        var elements = 1L;
        for (var d = 0; d < rank; d++)
        {
            var dimAt = cursor.Position;
            var value = cursor.U64($"dimension {d} of '{name}'");
            if (value == 0 || value > (ulong)(GgufLimits.MaxElements / elements))
            {
                throw new GgufFormatException(dimAt, $"tensor '{name}' dimension {d} = {value} is out of range (the product must be 1..2^50)");
            }

            dims[d] = (long)value;
            elements *= (long)value;
        }

        var typeAt = cursor.Position;
        var type = (GgmlType)cursor.U32($"type of '{name}'");
        if (!Enum.IsDefined(type) || !GgmlTypeInfo.TryGet(type, out var info) || type is GgmlType.Q8_1 or GgmlType.Q8_K)
        {
            throw new GgufFormatException(typeAt, $"tensor '{name}' has unsupported type {(uint)type}");
        }

        if (dims[0] % info.BlockSize != 0)
        {
            throw new GgufFormatException(dimsAt, $"tensor '{name}' row length {dims[0]} is not a multiple of {type}'s block size {info.BlockSize}");
        }

        var offsetAt = cursor.Position;
        var offset = cursor.U64($"data offset of '{name}'");
        if (offset > long.MaxValue / 2 || offset % (ulong)alignment != 0)
        {
            throw new GgufFormatException(offsetAt, $"tensor '{name}' data offset {offset} is not a multiple of the alignment {alignment} or is out of range");
        }

        var bytes = dims[0] / info.BlockSize * info.TypeSize * (elements / dims[0]);
        return new GgufTensorInfo(name, dims, type, (long)offset, bytes) { RecordOffset = at };
    }

    private static void CheckTensorBounds(List<GgufTensorInfo> tensors, long dataOffset, long fileLength)
    {
        var available = fileLength - dataOffset;
        foreach (var tensor in tensors)
        {
            if (tensor.Offset > available || tensor.ByteCount > available - tensor.Offset)
            {
                throw new GgufFormatException(tensor.RecordOffset,
                    $"tensor '{tensor.Name}' data [{tensor.Offset}, +{tensor.ByteCount}) is not within the file (data section is {available} bytes): the file is corrupted or incomplete");
            }
        }

        var sorted = tensors.OrderBy(t => t.Offset).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Offset < sorted[i - 1].Offset + sorted[i - 1].ByteCount)
            {
                throw new GgufFormatException(sorted[i].RecordOffset, $"tensor '{sorted[i].Name}' overlaps tensor '{sorted[i - 1].Name}'");
            }
        }
    }
}
