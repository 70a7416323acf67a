using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>
/// Native memory whose last usable byte sits right before an inaccessible page (after dotnet/runtime's
/// BoundedMemory), so a SIMD kernel that reads past the end of its input crashes the test instead of
/// silently reading a neighbour's bytes.
/// </summary>
internal sealed unsafe partial class GuardedBuffer : IDisposable
{
    private const int ProtNone = 0, ProtReadWrite = 3, MapPrivateAnonymous = 0x22;
    private readonly byte* _mapping;
    private readonly nuint _mappingLength;

    public GuardedBuffer(int length)
    {
        var page = (nuint)Environment.SystemPageSize;
        var dataPages = ((nuint)length + page - 1) / page;
        _mappingLength = (dataPages + 1) * page;
        _mapping = (byte*)Mmap(null, _mappingLength, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if ((nint)_mapping == -1) throw new InvalidOperationException("mmap failed");
        if (Mprotect(_mapping + dataPages * page, page, ProtNone) != 0) throw new InvalidOperationException("mprotect failed");
        Pointer = _mapping + dataPages * page - (nuint)length;
        Length = length;
    }

    /// <summary>First byte; Pointer + Length is the first inaccessible byte.</summary>
    public byte* Pointer { get; }

    public int Length { get; }

    public Span<byte> Span => new(Pointer, Length);

    public void Dispose() => _ = Munmap(_mapping, _mappingLength);

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(void* address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);
}
