using System.Buffers.Binary;
using System.Text;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Gguf;

/// <summary>
/// Writes GGUF v3 files: metadata of every type, then the tensor directory, then aligned tensor data. Tensor data
/// can be given as bytes or as a callback that streams it, so converting a multi-GB model never holds it in memory.
/// </summary>
public sealed class GgufWriter
{
    private readonly List<(string Key, GgufValue Value)> _metadata = [];
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <param name="alignment">Tensor data alignment; written as <c>general.alignment</c> when not the default 32.</param>
    public GgufWriter(int alignment = GgufParser.DefaultAlignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a power of two");
        }

        Alignment = alignment;
        if (alignment != GgufParser.DefaultAlignment)
        {
            Add("general.alignment", GgufValue.From((uint)alignment));
        }
    }

    public int Alignment { get; }

    /// <summary>Adds a metadata entry; keys must be unique.</summary>
    public GgufWriter Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"metadata key '{key}' was already added", nameof(key));
        }

        _metadata.Add((key, value));
        return this;
    }

    /// <summary>Adds a metadata entry from a plain .NET value (primitive, string or typed array).</summary>
    public GgufWriter Add(string key, object value) => Add(key, GgufValue.FromObject(value));

    /// <summary>Adds a tensor with its bytes (already encoded in <paramref name="type"/>).</summary>
    public GgufWriter AddTensor(string name, GgmlType type, long[] dimensions, ReadOnlyMemory<byte> data)
    {
        var expected = ByteCount(type, dimensions);
        if (data.Length != expected)
        {
            throw new ArgumentException($"tensor '{name}' needs {expected} bytes of {type} data, got {data.Length}", nameof(data));
        }

        return AddTensor(name, type, dimensions, stream => stream.Write(data.Span));
    }

    /// <summary>Adds a tensor whose bytes <paramref name="writeData"/> streams when the file is written.</summary>
    public GgufWriter AddTensor(string name, GgmlType type, long[] dimensions, Action<Stream> writeData)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(writeData);
        if (Encoding.UTF8.GetByteCount(name) > GgufLimits.MaxTensorNameBytes)
        {
            throw new ArgumentException($"tensor name '{name}' is longer than {GgufLimits.MaxTensorNameBytes} bytes", nameof(name));
        }

        if (!_names.Add(name))
        {
            throw new ArgumentException($"tensor '{name}' was already added", nameof(name));
        }

        _tensors.Add(new PendingTensor(name, type, [.. dimensions], ByteCount(type, dimensions), writeData));
        return this;
    }

    /// <summary>Bytes a tensor of this type and shape takes.</summary>
    public static long ByteCount(GgmlType type, long[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Length is 0 or > GgufLimits.MaxDimensions || dimensions.Any(d => d <= 0))
        {
            throw new ArgumentException($"a tensor needs 1..{GgufLimits.MaxDimensions} positive dimensions", nameof(dimensions));
        }

        var info = GgmlTypeInfo.Get(type);
        var rows = dimensions.Skip(1).Aggregate(1L, (a, b) => checked(a * b));
        return checked(info.RowBytes(dimensions[0]) * rows);
    }

    public void WriteTo(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WriteTo(stream);
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new MemoryStream();
        header.Write("GGUF"u8);
        WriteU32(header, 3);
        WriteU64(header, (ulong)_tensors.Count);
        WriteU64(header, (ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(header, key);
            WriteValue(header, value);
        }

        long offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(header, tensor.Name);
            WriteU32(header, (uint)tensor.Dimensions.Length);
            foreach (var dimension in tensor.Dimensions)
            {
                WriteU64(header, (ulong)dimension);
            }

            WriteU32(header, (uint)tensor.Type);
            WriteU64(header, (ulong)offset);
            offset += Padded(tensor.ByteCount);
        }

        header.Write(new byte[Padded(header.Length) - header.Length]);
        header.Position = 0;
        header.CopyTo(stream);

        foreach (var tensor in _tensors)
        {
            var start = stream.CanSeek ? stream.Position : -1;
            tensor.WriteData(stream);
            if (start >= 0 && stream.Position - start != tensor.ByteCount)
            {
                throw new InvalidOperationException($"tensor '{tensor.Name}' wrote {stream.Position - start} bytes, expected {tensor.ByteCount}");
            }

            stream.Write(new byte[Padded(tensor.ByteCount) - tensor.ByteCount]);
        }
    }

    private long Padded(long length) => length + ((Alignment - (length % Alignment)) % Alignment);

    private static void WriteValue(Stream stream, GgufValue value)
    {
        WriteU32(stream, (uint)value.Type);
        if (value.Type != GgufValueType.Array)
        {
            WriteScalar(stream, value.Value);
            return;
        }

        var array = (Array)value.Value;
        WriteU32(stream, (uint)value.ElementType);
        WriteU64(stream, (ulong)array.Length);
        foreach (var element in array)
        {
            WriteScalar(stream, element!);
        }
    }

    private static void WriteScalar(Stream stream, object value)
    {
        Span<byte> buffer = stackalloc byte[8];
        switch (value)
        {
            case byte v: stream.WriteByte(v); break;
            case sbyte v: stream.WriteByte((byte)v); break;
            case bool v: stream.WriteByte(v ? (byte)1 : (byte)0); break;
            case ushort v: BinaryPrimitives.WriteUInt16LittleEndian(buffer, v); stream.Write(buffer[..2]); break;
            case short v: BinaryPrimitives.WriteInt16LittleEndian(buffer, v); stream.Write(buffer[..2]); break;
            case uint v: WriteU32(stream, v); break;
            case int v: WriteU32(stream, (uint)v); break;
            case float v: WriteU32(stream, BitConverter.SingleToUInt32Bits(v)); break;
            case ulong v: WriteU64(stream, v); break;
            case long v: WriteU64(stream, (ulong)v); break;
            case double v: WriteU64(stream, BitConverter.DoubleToUInt64Bits(v)); break;
            case string v: WriteString(stream, v); break;
            default: throw new ArgumentException($"{value.GetType().Name} is not a GGUF scalar");
        }
    }

    private static void WriteString(Stream stream, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteU64(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteU32(Stream stream, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        stream.Write(buffer);
    }

    private static void WriteU64(Stream stream, ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        stream.Write(buffer);
    }

    private sealed record PendingTensor(string Name, GgmlType Type, long[] Dimensions, long ByteCount, Action<Stream> WriteData);
}
