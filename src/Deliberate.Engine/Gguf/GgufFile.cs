using System.IO.MemoryMappedFiles;

namespace Deliberate.Engine.Gguf;

/// <summary>
/// A GGUF model file: validated header, metadata and tensor directory. Tensor data is memory-mapped read-only and
/// never copied at load; <see cref="GetTensorPointer"/> hands out pointers into the mapping, valid until disposal.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly byte[]? _buffer;
    private System.Runtime.InteropServices.GCHandle _pin;
    private bool _disposed;
    private readonly Dictionary<string, GgufTensorInfo> _byName;

    private GgufFile(GgufHeader header, long length, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* basePointer, byte[]? buffer)
    {
        Version = header.Version;
        Metadata = header.Metadata;
        Tensors = header.Tensors;
        Alignment = header.Alignment;
        DataOffset = header.DataOffset;
        FileLength = length;
        _map = map;
        _view = view;
        _base = basePointer;
        _buffer = buffer;
        if (buffer is not null)
        {
            _pin = System.Runtime.InteropServices.GCHandle.Alloc(buffer, System.Runtime.InteropServices.GCHandleType.Pinned);
            _base = (byte*)_pin.AddrOfPinnedObject();
        }

        _byName = Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public int Version { get; }

    public GgufMetadata Metadata { get; }

    /// <summary>Tensors in directory order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    public int Alignment { get; }

    /// <summary>Where tensor data starts; tensor offsets are relative to it.</summary>
    public long DataOffset { get; }

    public long FileLength { get; }

    /// <summary>The file's path, or null when parsed from memory.</summary>
    public string? Path { get; private init; }

    /// <summary>
    /// Maps <paramref name="path"/> and validates its header; a bad file raises <see cref="GgufFormatException"/> whose
    /// message names the file, the problem and its byte offset.
    /// </summary>
    public static GgufFile Open(string path)
    {
        try
        {
            return Map(path);
        }
        catch (GgufFormatException e) when (e.Path is null)
        {
            throw e.InFile(path);
        }
    }

    private static GgufFile Map(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < 24)
        {
            throw new GgufFormatException(0, $"file is {length} bytes, shorter than a GGUF header");
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            try
            {
                var header = GgufParser.Parse(new ReadOnlySpan<byte>(pointer, (int)Math.Min(length, int.MaxValue)), length);
                return new GgufFile(header, length, map, view, pointer, null) { Path = path };
            }
            catch
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                throw;
            }
        }
        catch
        {
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Parses a whole file held in memory (tests, fuzzing, small generated files).</summary>
    public static GgufFile Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var header = GgufParser.Parse(bytes, bytes.Length);
        return new GgufFile(header, bytes.Length, null, null, null, bytes);
    }

    public GgufTensorInfo? FindTensor(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A pointer to the tensor's first byte in the mapping.</summary>
    public byte* GetTensorPointer(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _base + DataOffset + tensor.Offset;
    }

    /// <summary>The tensor's bytes as a span (tensors over 2 GiB must use <see cref="GetTensorPointer"/>).</summary>
    public ReadOnlySpan<byte> GetTensorBytes(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ByteCount > int.MaxValue)
        {
            throw new NotSupportedException($"tensor '{tensor.Name}' is {tensor.ByteCount} bytes; use GetTensorPointer for tensors over 2 GiB");
        }

        return new ReadOnlySpan<byte>(GetTensorPointer(tensor), (int)tensor.ByteCount);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
