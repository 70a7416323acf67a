using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Deliberate.Engine.Conversion;

/// <summary>
/// Reads a safetensors checkpoint: an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and byte range, then the raw tensor data. The file is untrusted: the header size, every shape
/// and every byte range are checked against the file before anything is read or allocated.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>Headers beyond this are refused: real checkpoints use a few hundred KB.</summary>
    private const long MaxHeaderBytes = 64L << 20;

    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    private SafetensorsFile(MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* basePointer, long length)
    {
        _map = map;
        _view = view;
        _base = basePointer;
        FileLength = length;
        if (length < 8)
        {
            throw new SafetensorsFormatException(0, $"file is {length} bytes, shorter than the 8-byte header length");
        }

        var headerLength = *(long*)basePointer;
        if (!BitConverter.IsLittleEndian)
        {
            headerLength = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(headerLength);
        }

        if (headerLength <= 0 || headerLength > MaxHeaderBytes || headerLength > length - 8)
        {
            throw new SafetensorsFormatException(0, $"header length {headerLength} is outside 1..{Math.Min(MaxHeaderBytes, length - 8)}");
        }

        _dataStart = 8 + headerLength;
        var header = new ReadOnlySpan<byte>(basePointer + 8, (int)headerLength);
        Tensors = ParseHeader(header, length - _dataStart, out var metadata);
        Metadata = metadata;
        _byName = Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The optional <c>__metadata__</c> string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Length of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Maps <paramref name="path"/> read-only and validates its header.</summary>
    public static SafetensorsFile Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new SafetensorsFormatException(0, "file is empty");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return new SafetensorsFile(map, view, pointer + view.PointerOffset, length);
        }
        catch
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Finds a tensor by name, or null.</summary>
    public SafetensorsTensor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tensor's elements widened to f32 (the converter re-encodes from f32).</summary>
    public float[] ReadAsFloat32(SafetensorsTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var count = checked((int)tensor.ElementCount);
        var result = new float[count];
        var source = _base + _dataStart + tensor.Begin;
        switch (tensor.DType)
        {
            case SafetensorsDType.F32:
                new ReadOnlySpan<float>(source, count).CopyTo(result);
                break;
            case SafetensorsDType.F16:
                var halves = new ReadOnlySpan<Half>(source, count);
                for (var i = 0; i < count; i++)
                {
                    result[i] = (float)halves[i];
                }

                break;
            case SafetensorsDType.BF16:
                var raw = new ReadOnlySpan<ushort>(source, count);
                var bits = MemoryMarshal.Cast<float, uint>(result.AsSpan());
                for (var i = 0; i < count; i++)
                {
                    bits[i] = (uint)raw[i] << 16;
                }

                break;
        }

        return result;
    }

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }

    private static List<SafetensorsTensor> ParseHeader(ReadOnlySpan<byte> header, long dataLength, out Dictionary<string, string> metadata)
    {
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(8 + (e.BytePositionInLine ?? 0), $"header is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(8, "header is not a JSON object");
            }

            var tensors = new List<SafetensorsTensor>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(property.Value, metadata);
                    continue;
                }

                tensors.Add(ReadTensor(property.Name, property.Value, dataLength));
            }

            CheckRangesDoNotOverlap(tensors);
            return tensors;
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(8, "__metadata__ is not an object");
        }

        foreach (var entry in value.EnumerateObject())
        {
            metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
        }
    }

    private static SafetensorsTensor ReadTensor(string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsFormatException(8, $"tensor '{name}' needs dtype, shape and data_offsets");
        }

        var dtype = dtypeElement.GetString() switch
        {
            "F32" => SafetensorsDType.F32,
            "F16" => SafetensorsDType.F16,
            "BF16" => SafetensorsDType.BF16,
            var other => throw new SafetensorsFormatException(8, $"tensor '{name}' has unsupported dtype '{other}'"),
        };

        if (shapeElement.GetArrayLength() > 4)
        {
            throw new SafetensorsFormatException(8, $"tensor '{name}' has {shapeElement.GetArrayLength()} dimensions; at most 4 are supported");
        }

        var shape = new long[shapeElement.GetArrayLength()];
        var elements = 1L;
        for (var i = 0; i < shape.Length; i++)
        {
            if (!shapeElement[i].TryGetInt64(out shape[i]) || shape[i] < 0 || shape[i] > int.MaxValue)
            {
                throw new SafetensorsFormatException(8, $"tensor '{name}' has an invalid dimension {shapeElement[i].GetRawText()}");
            }

            elements = checked(elements * Math.Max(shape[i], 1));
        }

        if (offsetsElement.GetArrayLength() != 2
            || !offsetsElement[0].TryGetInt64(out var begin) || !offsetsElement[1].TryGetInt64(out var end)
            || begin < 0 || end < begin || end > dataLength)
        {
            throw new SafetensorsFormatException(8, $"tensor '{name}' has data_offsets outside the {dataLength}-byte data section");
        }

        var tensor = new SafetensorsTensor(name, dtype, shape, begin, end);
        if (end - begin != tensor.ElementCount * tensor.ElementSize)
        {
            throw new SafetensorsFormatException(8, $"tensor '{name}' spans {end - begin} bytes but its shape needs {tensor.ElementCount * tensor.ElementSize}");
        }

        return tensor;
    }

    private static void CheckRangesDoNotOverlap(List<SafetensorsTensor> tensors)
    {
        var sorted = tensors.Where(t => t.End > t.Begin).OrderBy(t => t.Begin).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Begin < sorted[i - 1].End)
            {
                throw new SafetensorsFormatException(8, $"tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap");
            }
        }
    }
}
